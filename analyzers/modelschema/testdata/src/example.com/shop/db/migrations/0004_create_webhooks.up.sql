CREATE TABLE webhooks (
    id bigserial PRIMARY KEY,
    callback_urls text[] NOT NULL,
    api_key_id bigint,
    legacy_secret text,
    settings jsonb NOT NULL DEFAULT '{}',
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE articles (
    id bigserial PRIMARY KEY,
    title text NOT NULL,
    body text,
    meta jsonb,
    views integer NOT NULL DEFAULT 0
);
CREATE TABLE tags (id bigserial PRIMARY KEY, name text NOT NULL);
CREATE TABLE article_tags (article_id bigint NOT NULL, tag_id bigint NOT NULL);
CREATE TABLE post (
    id integer PRIMARY KEY,
    title varchar(200) NOT NULL,
    author_id bigint,
    created timestamptz NOT NULL
);
CREATE TABLE pets (
    id bigserial PRIMARY KEY,
    name text NOT NULL,
    owner_id bigint NOT NULL
);

-- migrate:up
alter table stores add column settings jsonb not null default '{}';
alter table stores add column archived boolean not null default false;
update stores set settings = jsonb_build_object('tax_included', true) where currency = 'EUR';

-- migrate:down
alter table stores drop column archived;
alter table stores drop column settings;

DROP TABLE webhooks, articles, tags, article_tags, post, pets;

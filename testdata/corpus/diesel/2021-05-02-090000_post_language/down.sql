alter table post drop column language_id;
drop table language;

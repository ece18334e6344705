create table language (
  id serial primary key,
  code varchar(3) not null,
  name text not null
);
insert into language (code, name) values ('und', 'Undetermined'), ('en', 'English'), ('de', 'Deutsch');

alter table post add column language_id integer references language not null default 1;

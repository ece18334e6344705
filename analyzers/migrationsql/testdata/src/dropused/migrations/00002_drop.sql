-- +goose Up
ALTER TABLE users DROP COLUMN nickname; -- want `^drop-column: ` `^drop-still-used: column "nickname" of "users" is still used by gorm model User field Nickname \(app/user.go:8\)`
ALTER TABLE users DROP COLUMN legacy; -- want `^drop-column: `

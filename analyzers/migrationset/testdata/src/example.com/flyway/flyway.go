package flyway // want package:`schema\(migrations embedded from migrations \(4 files\)\)`

// The package embeds Flyway migrations whose start_after only the Flyway
// version order reads right: 1.10 and 1.9 come after 1.2.

import "embed"

//go:embed migrations/*.sql
var Migrations embed.FS

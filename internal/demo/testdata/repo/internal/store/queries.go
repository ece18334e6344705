package store

// The queries the shop runs with sqlx, into the structs of models.go.
const (
	userByEmail  = `SELECT id, email, name, created_at FROM users WHERE email = $1`
	ordersOfUser = `SELECT id, user_id, status, created_at FROM orders WHERE user_id = $1 ORDER BY created_at DESC`
	insertOrder  = `INSERT INTO orders (user_id, status) VALUES ($1, 'new') RETURNING id`
)

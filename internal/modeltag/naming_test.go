package modeltag

import "testing"

func TestSnake(t *testing.T) {
	for in, want := range map[string]string{
		"ID": "id", "UserID": "user_id", "HTTPServer": "http_server", "CreatedAt": "created_at",
		"Name": "name", "OrderItem": "order_item", "URL": "url", "ProfileURL": "profile_url", "Address2": "address2",
	} {
		if got := Snake(in); got != want {
			t.Errorf("Snake(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestPlural(t *testing.T) {
	for in, want := range map[string]string{
		"user": "users", "order_item": "order_items", "category": "categories", "person": "people",
		"status": "statuses", "address": "addresses", "box": "boxes", "day": "days", "news": "news",
		"company_branch": "company_branches", "wife": "wives",
	} {
		if got := Plural(in); got != want {
			t.Errorf("Plural(%q) = %q, want %q", in, got, want)
		}
	}
}

package modeltag

import "testing"

func TestSnake(t *testing.T) {
	for in, want := range map[string]string{
		"ID": "id", "UserID": "user_id", "HTTPServer": "http_server", "CreatedAt": "created_at",
		"Name": "name", "OrderItem": "order_item", "URL": "url", "ProfileURL": "profile_url", "Address2": "address2",
		"CallbackURLs": "callback_ur_ls", "A1B2": "a1b2",
	} {
		if got := Snake(in); got != want {
			t.Errorf("Snake(%q) = %q, want %q", in, got, want)
		}
	}
}

// Plural agrees with github.com/jinzhu/inflection v1.0.0, oddities
// included (tooths, potatos, leafs).
func TestPlural(t *testing.T) {
	for in, want := range map[string]string{
		"user": "users", "order_item": "order_items", "category": "categories", "person": "people",
		"status": "statuses", "address": "addresses", "box": "boxes", "day": "days", "news": "news",
		"company_branch": "company_branches", "wife": "wives", "datum": "data", "octopus": "octopi", "tooth": "tooths",
		"media": "media", "address2": "address2", "hero": "heros", "potato": "potatos", "leaf": "leafs", "matrix": "matrices",
		"sheep": "sheep", "bus": "buses", "buzz": "buzzs", "woman": "women", "analysis": "analyses", "fax": "faxes",
	} {
		if got := Plural(in); got != want {
			t.Errorf("Plural(%q) = %q, want %q", in, got, want)
		}
	}
}

// GormName agrees with gorm.io/gorm/schema.NamingStrategy's column names
// (checked against GORM v1.31).
func TestGormName(t *testing.T) {
	for in, want := range map[string]string{
		"ID": "id", "UserID": "user_id", "CallbackURLs": "callback_urls", "HTTPServer": "http_server", "APIKey": "api_key",
		"HTTPSProxy": "http_s_proxy", "UserUUID": "user_uuid", "OAuth2Token": "o_auth2_token", "Address2": "address2",
		"A1B2": "a1_b2", "UTF8Name": "utf8_name", "MyHTTPClient": "my_http_client", "UIDs": "uids", "X": "x", "FAQs": "fa_qs",
	} {
		if got := GormName(in); got != want {
			t.Errorf("GormName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestBeegoName(t *testing.T) {
	for in, want := range map[string]string{"Id": "id", "UserID": "user_i_d", "CreatedAt": "created_at", "Profile_Id": "profile__id"} {
		if got := BeegoName(in); got != want {
			t.Errorf("BeegoName(%q) = %q, want %q", in, got, want)
		}
	}
}

package alembic

import (
	"reflect"
	"strings"
	"testing"

	"github.com/migguard/migguard/internal/migrations"
	"github.com/migguard/migguard/internal/treetest"
)

func TestFindProjectConfigs(t *testing.T) {
	r := rev("aaa", "")
	tests := []struct {
		name      string
		files     map[string]string
		dir       string
		script    string
		locations []string
		recursive bool
		revs      []string
	}{
		{
			name: "ini defaults",
			files: map[string]string{"db/alembic.ini": "[alembic]\nscript_location = migrations\n",
				"db/migrations/env.py": "", "db/migrations/versions/a.py": r},
			dir: "db", script: "db/migrations", locations: []string{"db/migrations/versions"}, revs: []string{"aaa"},
		},
		{
			name: "ini here and several locations",
			files: map[string]string{
				"alembic.ini":           "[alembic]\nscript_location = %(here)s/alembic\nversion_locations = %(here)s/alembic/versions\n    %(here)s/plugins/versions\npath_separator = newline\n",
				"alembic/versions/a.py": r, "plugins/versions/b.py": rev("bbb", "aaa"), "plugins/versions/__init__.py": "",
			},
			dir: ".", script: "alembic", locations: []string{"alembic/versions", "plugins/versions"}, revs: []string{"aaa", "bbb"},
		},
		{
			name: "legacy space separator, recursive",
			files: map[string]string{
				"alembic.ini":             "[alembic]\nscript_location = mig\nversion_locations = mig/v1 mig/v2\nrecursive_version_locations = true\n",
				"mig/v1/2024/a.py":        r,
				"mig/v2/b.py":             rev("bbb", "aaa"),
				"mig/v2/.#c.py":           "lock file",
				"mig/v2/__pycache__/x.py": "cache",
			},
			dir: ".", script: "mig", locations: []string{"mig/v1", "mig/v2"}, recursive: true, revs: []string{"aaa", "bbb"},
		},
		{
			name: "pyproject",
			files: map[string]string{
				"pyproject.toml":           "[project]\nname = \"x\"\n\n[tool.alembic]\nscript_location = \"%(here)s/migrations\"\nversion_locations = [\n  \"%(here)s/migrations/versions\",  # main\n]\n",
				"migrations/versions/a.py": r,
			},
			dir: ".", script: "migrations", locations: []string{"migrations/versions"}, revs: []string{"aaa"},
		},
		{
			name:  "versions directory named in an ini above",
			files: map[string]string{"alembic.ini": "[alembic]\nscript_location = m\nversion_locations = m/versions m/extra\n", "m/versions/a.py": r, "m/extra/b.py": rev("bbb", "aaa")},
			dir:   "m/versions", script: "m", locations: []string{"m/versions", "m/extra"}, revs: []string{"aaa", "bbb"},
		},
		{
			name: "Flask-Migrate: alembic.ini without script_location beside env.py",
			files: map[string]string{"migrations/alembic.ini": "[alembic]\n# template used to generate migration files\n\n[loggers]\nkeys = root\n",
				"migrations/env.py": "from flask import current_app\n", "migrations/versions/a.py": r},
			dir: "migrations", script: "migrations", locations: []string{"migrations/versions"}, revs: []string{"aaa"},
		},
		{
			name: "package resource, dotted package",
			files: map[string]string{"src/myapp/server/database/alembic.ini": "[alembic]\nscript_location = myapp.server.database:_migrations\nprepend_sys_path = .\n",
				"src/myapp/__init__.py": "", "src/myapp/server/database/_migrations/env.py": "", "src/myapp/server/database/_migrations/versions/a.py": r},
			dir: "src/myapp/server/database", script: "src/myapp/server/database/_migrations",
			locations: []string{"src/myapp/server/database/_migrations/versions"}, revs: []string{"aaa"},
		},
		{
			name: "package resource with several version locations",
			files: map[string]string{"alembic.ini": "[alembic]\nscript_location = shop:db/migrations\n" +
				"version_locations = shop:db/migrations/versions shop:db/plugins\nversion_path_separator = space\n",
				"shop/__init__.py": "", "shop/db/migrations/env.py": "", "shop/db/migrations/versions/a.py": r, "shop/db/plugins/b.py": rev("bbb", "aaa")},
			dir: ".", script: "shop/db/migrations", locations: []string{"shop/db/migrations/versions", "shop/db/plugins"}, revs: []string{"aaa", "bbb"},
		},
		{
			name: "a named section of an ini that configures several, found by its script location",
			files: map[string]string{"src/app/alembic.ini": "[alembic]\nfile_template = %%(rev)s\n\n[core]\nscript_location = app:database/revisions/core\n\n[tenant]\nscript_location = app:database/revisions/tenant\n",
				"src/app/database/revisions/core/env.py": "", "src/app/database/revisions/core/versions/a.py": r,
				"src/app/database/revisions/tenant/env.py": "", "src/app/database/revisions/tenant/versions/t.py": rev("ttt", "")},
			dir: "src/app/database/revisions/tenant", script: "src/app/database/revisions/tenant",
			locations: []string{"src/app/database/revisions/tenant/versions"}, revs: []string{"ttt"},
		},
		{
			name:  "bare versions directory",
			files: map[string]string{"app/migrations/env.py": "", "app/migrations/versions/a.py": r},
			dir:   "app/migrations/versions", script: "app/migrations", locations: []string{"app/migrations/versions"}, revs: []string{"aaa"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := treetest.Temp(t, tt.files)
			p, err := FindProject(migrations.Dir(root), tt.dir)
			if err != nil {
				t.Fatal(err)
			}
			if p.ScriptLocation != tt.script || !reflect.DeepEqual(p.VersionLocations, tt.locations) || p.Recursive != tt.recursive {
				t.Errorf("project %+v", p)
			}
			g, errs := p.LoadGraph(migrations.Dir(root))
			if len(errs) > 0 {
				t.Fatal(errs)
			}
			var ids []string
			for _, r := range g.Order() {
				ids = append(ids, r.ID)
			}
			if !reflect.DeepEqual(ids, tt.revs) {
				t.Errorf("revisions %v, want %v (problems %v)", ids, tt.revs, g.Problems)
			}
		})
	}
}

func TestFindProjectErrors(t *testing.T) {
	root := treetest.Temp(t, map[string]string{
		"a/alembic.ini": "[alembic]\nscript_location = myapp:migrations\n",
		"b/alembic.ini": "[loggers]\nkeys = root\n",
		"c/alembic.ini": "[alembic]\nscript_location = ../../outside\n",
		"d/alembic.ini": "[alembic]\nsqlalchemy.url = postgresql://\n",
		"e/alembic.ini": "[alembic]\n[one]\nscript_location = x\n[two]\nscript_location = y\n",
	})
	for dir, want := range map[string]string{"a": "package resource, and no directory myapp/migrations was found", "b": "no [alembic] section",
		"c": "outside the repository", "d": "no script_location in the [alembic] section (and no env.py beside it", "e": "configures 2 Alembic projects ([one] e/x, [two] e/y)"} {
		_, err := FindProject(migrations.Dir(root), dir)
		if err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), dir+"/alembic.ini") {
			t.Errorf("%s: error %v, want %q naming the file", dir, err, want)
		}
	}
}

// TestReadConfigsSections reads every project of an alembic.ini with named
// sections, each with its section for `alembic -n`.
func TestReadConfigsSections(t *testing.T) {
	root := treetest.Temp(t, map[string]string{
		"alembic.ini": "[alembic]\n\n[core]\nscript_location = db/core\n\n[tenant]\nscript_location = db/tenant\nversion_locations = db/tenant/v1 db/tenant/v2\n",
	})
	ps, err := ReadConfigs(migrations.Dir(root), "alembic.ini")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range ps {
		got = append(got, p.Section+" "+p.ScriptLocation+" "+strings.Join(p.VersionLocations, ",")+" "+p.Dir())
	}
	want := []string{"core db/core db/core/versions db/core", "tenant db/tenant db/tenant/v1,db/tenant/v2 db/tenant"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("projects %q, want %q", got, want)
	}
}

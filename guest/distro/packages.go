package distro

import (
	"sort"
	"strings"
)

// Package is one installable package of the sandbox's repositories.
type Package struct {
	Name     string
	Version  string // version-release, as the package manager prints it
	NoArch   bool   // noarch (rpm) / all (deb) rather than the machine's architecture
	Summary  string
	SizeKiB  int      // download size; installed size is about three times this
	Deps     []string // packages installed with it
	Programs []string // program files (stubs running the applet of the same base name)
	Files    map[string]string
	Service  string // the systemd service the package provides, if any
	Hidden   bool   // preinstalled on some images but not offered by the repository
}

// Arch is the architecture column for a package on a machine.
func (p Package) Arch(arch string, packager string) string {
	if p.NoArch {
		if packager == "apt" {
			return "all"
		}
		return "noarch"
	}
	m := Machine(arch)
	if packager == "apt" {
		return map[string]string{"x86_64": "amd64", "aarch64": "arm64", "i686": "i386"}[m]
	}
	return m
}

// Packages lists the OS's repository, sorted by name.
func (o OS) Packages() []Package {
	var out []Package
	for _, p := range repos[o.Packager] {
		if !p.Hidden {
			out = append(out, p)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// Package finds a package by name in the OS's repository.
func (o OS) Package(name string) (Package, bool) {
	for _, p := range repos[o.Packager] {
		if p.Name == name {
			return p, true
		}
	}
	return Package{}, false
}

// Closure is the package and its dependencies, dependencies first, each once.
func (o OS) Closure(p Package) []Package {
	var out []Package
	seen := map[string]bool{}
	var visit func(p Package)
	visit = func(p Package) {
		if seen[p.Name] {
			return
		}
		seen[p.Name] = true
		for _, d := range p.Deps {
			if dp, ok := o.Package(d); ok {
				visit(dp)
			}
		}
		out = append(out, p)
	}
	visit(p)
	return out
}

// DBPath is the file listing installed packages, one "name version arch" per line.
func (o OS) DBPath() string {
	if o.Packager == "apt" {
		return "/var/lib/dpkg/installed"
	}
	return "/var/lib/rpm/installed"
}

// Install writes a package's files and its database entry into a file map
// (the engine uses it to build images with software already installed; the
// package manager does the same on a live disk).
func (o OS) Install(files map[string][]byte, p Package, arch string) {
	for path, data := range p.FileSet() {
		files[path] = data
	}
	db := string(files[o.DBPath()])
	files[o.DBPath()] = []byte(db + p.Name + " " + p.Version + " " + p.Arch(arch, o.Packager) + "\n")
}

// FileSet is every file and directory a package installs: directories map to
// nil. Parent directories are included.
func (p Package) FileSet() map[string][]byte {
	out := map[string][]byte{}
	addDirs := func(path string) {
		for d := parent(path); d != "/" && d != ""; d = parent(d) {
			out[d] = nil
		}
	}
	for _, prog := range p.Programs {
		out[prog] = Stub(base(prog))
		addDirs(prog)
	}
	for path, data := range p.Files {
		addDirs(path)
		if strings.HasSuffix(path, "/") {
			out[strings.TrimSuffix(path, "/")] = nil
			continue
		}
		out[path] = []byte(data)
	}
	return out
}

func parent(p string) string {
	i := strings.LastIndexByte(p, '/')
	if i <= 0 {
		return "/"
	}
	return p[:i]
}

func base(p string) string { return p[strings.LastIndexByte(p, '/')+1:] }

// ParseDB reads an installed-packages file into name → "version arch".
func ParseDB(data []byte) map[string]string {
	out := map[string]string{}
	for _, line := range strings.Split(string(data), "\n") {
		if f := strings.Fields(line); len(f) == 3 {
			out[f[0]] = f[1] + " " + f[2]
		}
	}
	return out
}

func unit(desc, execStart string) string {
	return "[Unit]\nDescription=" + desc + "\nAfter=network.target remote-fs.target nss-lookup.target\n\n[Service]\nExecStart=" +
		execStart + "\n\n[Install]\nWantedBy=multi-user.target\n"
}

const httpdConf = `# This is the main Apache HTTP server configuration file.
# See <URL:http://httpd.apache.org/docs/2.4/> for detailed information.
ServerRoot "/etc/httpd"

# Listen: the port the server answers on (open it in the security group too).
Listen 80

User apache
Group apache
ServerAdmin root@localhost

# DocumentRoot: the directory out of which you will serve your documents.
DocumentRoot "/var/www/html"

<Directory "/var/www/html">
    Options Indexes FollowSymLinks
    AllowOverride None
    Require all granted
</Directory>

DirectoryIndex index.html
ErrorLog "logs/error_log"
CustomLog "logs/access_log" combined
`

const testPage = `<!DOCTYPE html>
<html><head><title>Test Page for the HTTP Server on Amazon Linux</title></head>
<body><h1>It works!</h1>
<p>This page is shown because no index.html exists in /var/www/html yet.
Add your own content there.</p></body></html>
`

const nginxConf = `# For more information on configuration, see:
#   * Official English Documentation: http://nginx.org/en/docs/
user nginx;
worker_processes auto;
error_log /var/log/nginx/error.log notice;

http {
    access_log  /var/log/nginx/access.log;

    server {
        listen       80;
        server_name  _;
        root         /usr/share/nginx/html;
    }
}
`

const nginxPage = `<!DOCTYPE html>
<html><head><title>Welcome to nginx!</title></head>
<body><h1>Welcome to nginx!</h1>
<p>If you see this page, the nginx web server is successfully installed and working.</p>
<p><em>Thank you for using nginx.</em></p></body></html>
`

const apacheUbuntuConf = `# The Apache configuration of this server (a trimmed /etc/apache2/apache2.conf).
Listen 80
DocumentRoot /var/www/html
`

const ubuntuPage = `<!DOCTYPE html>
<html><head><title>Apache2 Ubuntu Default Page: It works</title></head>
<body><h1>Apache2 Default Page</h1><p>It works!</p>
<p>This is the default welcome page used to test the correct operation of the Apache2 server
after installation on Ubuntu systems. Replace /var/www/html/index.html before continuing.</p></body></html>
`

const wordpressPage = `<!DOCTYPE html>
<html><head><title>My WordPress site</title></head>
<body><h1>Welcome to WordPress</h1>
<p>This WordPress 6.7 site was installed from a Marketplace image. Log in at /wp-admin to start writing.</p></body></html>
`

func dep(name, version string, noarch bool, size int) Package {
	return Package{Name: name, Version: version, NoArch: noarch, SizeKiB: size, Summary: name + " (dependency)"}
}

// repos holds each packager's repository.
var repos = map[string][]Package{
	"dnf": rpmRepo("amzn2023", "2.4.62-1.amzn2023", "1.24.0-1.amzn2023.0.4", "2.40.1-1.amzn2023.0.3"),
	"yum": rpmRepo("amzn2", "2.4.62-1.amzn2.0.2", "1.26.2-1.amzn2.0.1", "2.40.1-1.amzn2.0.3"),
	"apt": {
		{Name: "apache2", Version: "2.4.58-1ubuntu8.5", Summary: "Apache HTTP Server", SizeKiB: 90, Deps: []string{"apache2-bin", "apache2-data", "apache2-utils"},
			Programs: []string{"/usr/sbin/apache2"}, Service: "apache2",
			Files: map[string]string{
				"/etc/apache2/apache2.conf":               apacheUbuntuConf,
				"/var/www/html/index.html":                ubuntuPage,
				"/var/log/apache2/":                       "",
				"/usr/lib/systemd/system/apache2.service": unit("The Apache HTTP Server", "/usr/sbin/apache2 -k start"),
			}},
		dep("apache2-bin", "2.4.58-1ubuntu8.5", false, 1330),
		dep("apache2-data", "2.4.58-1ubuntu8.5", true, 163),
		dep("apache2-utils", "2.4.58-1ubuntu8.5", false, 97),
		{Name: "nginx", Version: "1.24.0-2ubuntu7.1", Summary: "small, powerful, scalable web/proxy server", SizeKiB: 520, Deps: []string{"nginx-common"},
			Programs: []string{"/usr/sbin/nginx"}, Service: "nginx",
			Files: map[string]string{
				"/etc/nginx/nginx.conf":                 strings.Replace(nginxConf, "/usr/share/nginx/html", "/var/www/html", 1),
				"/var/www/html/index.nginx-debian.html": nginxPage,
				"/var/log/nginx/":                       "",
				"/usr/lib/systemd/system/nginx.service": unit("A high performance web server and a reverse proxy server", "/usr/sbin/nginx"),
			}},
		dep("nginx-common", "1.24.0-2ubuntu7.1", true, 43),
		{Name: "git", Version: "1:2.43.0-1ubuntu7.1", Summary: "fast, scalable, distributed revision control system", SizeKiB: 3680,
			Deps: []string{"git-man", "liberror-perl"}, Programs: []string{"/usr/bin/git"}},
		dep("git-man", "1:2.43.0-1ubuntu7.1", true, 1100),
		dep("liberror-perl", "0.17029-2", true, 25),
		{Name: "stress-ng", Version: "0.17.06-1build1", Summary: "tool to load and stress a computer", SizeKiB: 2350, Programs: []string{"/usr/bin/stress-ng"}},
	},
}

// rpmRepo is the Amazon Linux repository of one release.
func rpmRepo(dist, httpdV, nginxV, gitV string) []Package {
	return []Package{
		{Name: "httpd", Version: httpdV, Summary: "Apache HTTP Server", SizeKiB: 47,
			Deps:     []string{"apr", "apr-util", "generic-logos-httpd", "httpd-core", "httpd-filesystem", "httpd-tools", "mailcap", "mod_http2", "mod_lua"},
			Programs: []string{"/usr/sbin/httpd", "/usr/sbin/apachectl"}, Service: "httpd",
			Files: map[string]string{
				"/etc/httpd/conf/httpd.conf":            httpdConf,
				"/etc/httpd/conf.d/":                    "",
				"/usr/share/httpd/noindex/index.html":   testPage,
				"/var/log/httpd/":                       "",
				"/var/www/html/":                        "",
				"/var/www/cgi-bin/":                     "",
				"/usr/lib/systemd/system/httpd.service": unit("The Apache HTTP Server", "/usr/sbin/httpd $OPTIONS -DFOREGROUND"),
			}},
		dep("apr", "1.7.5-1."+dist+".0.1", false, 129),
		dep("apr-util", "1.6.3-1."+dist+".0.1", false, 98),
		dep("generic-logos-httpd", "18.0.0-12."+dist+".0.3", true, 19),
		dep("httpd-core", httpdV, false, 1400),
		dep("httpd-filesystem", httpdV, true, 14),
		dep("httpd-tools", httpdV, false, 81),
		dep("mailcap", "2.1.49-3."+dist+".0.3", true, 33),
		dep("mod_http2", "2.0.27-1."+dist+".0.3", false, 166),
		dep("mod_lua", httpdV, false, 61),
		{Name: "nginx", Version: "1:" + nginxV, Summary: "A high performance web server and reverse proxy server", SizeKiB: 33,
			Deps:     []string{"generic-logos-httpd", "gperftools-libs", "nginx-core", "nginx-filesystem", "nginx-mimetypes"},
			Programs: []string{"/usr/sbin/nginx"}, Service: "nginx",
			Files: map[string]string{
				"/etc/nginx/nginx.conf":                 nginxConf,
				"/usr/share/nginx/html/index.html":      nginxPage,
				"/var/log/nginx/":                       "",
				"/usr/lib/systemd/system/nginx.service": unit("The nginx HTTP and reverse proxy server", "/usr/sbin/nginx"),
			}},
		dep("gperftools-libs", "2.9.1-1."+dist+".0.3", false, 308),
		dep("nginx-core", "1:"+nginxV, false, 586),
		dep("nginx-filesystem", "1:"+nginxV, true, 9),
		dep("nginx-mimetypes", "2.1.49-3."+dist+".0.3", true, 21),
		{Name: "git", Version: gitV, Summary: "Fast Version Control System", SizeKiB: 54,
			Deps: []string{"git-core", "git-core-doc", "perl-Error", "perl-Git"}, Programs: []string{"/usr/bin/git"}},
		dep("git-core", gitV, false, 4300),
		dep("git-core-doc", gitV, true, 2800),
		dep("perl-Error", "1:0.17029-5."+dist+".0.2", true, 41),
		dep("perl-Git", gitV, true, 42),
		{Name: "stress-ng", Version: "0.13.00-1." + dist, Summary: "Stress test a computer system in various ways", SizeKiB: 2040,
			Programs: []string{"/usr/bin/stress-ng"}},
		{Name: "wordpress", Version: "6.7-1.vendor", NoArch: true, Summary: "WordPress blogging software", SizeKiB: 12000, Hidden: true,
			Files: map[string]string{"/var/www/html/index.html": wordpressPage, "/usr/share/wordpress/": ""}},
	}
}

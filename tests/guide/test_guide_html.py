"""The guide builds to HTML with -W, and its listings show the right lines of our configs."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest
from guide_build import CONFIGS_ROOT, GUIDE_SOURCE, BuiltGuide, Listing, sphinx_build

# Each listing of the IM chapter and the security-relevant lines it must show.
EXPECTED_LINES: dict[str, tuple[str, ...]] = {
    "ejabberd-tls": (
        "module: ejabberd_c2s",
        "starttls_required: true",
        'certfile: "/etc/ejabberd/ejabberd.pem"',
        "module: ejabberd_s2s_in",
        "s2s_use_starttls: required_trusted",
        's2s_certfile: "/etc/ejabberd/ejabberd.pem"',
    ),
    "ejabberd-cipher-order": (
        "starttls_required: true",
        "protocol_options:",
        '- "no_sslv3"',
        "s2s_protocol_options:",
    ),
    "ejabberd-dhfile": (
        'dhfile: "/etc/ejabberd/dhparams.pem"',
        's2s_dhfile: "/etc/ejabberd/dhparams.pem"',
        "s2s_use_starttls: required_trusted",
    ),
    "ejabberd-web-admin": (
        "port: 5280",
        "module: ejabberd_http",
        "web_admin: true",
        "tls: true",
        'certfile: "/etc/ejabberd/ejabberd.pem"',
    ),
    "ejabberd-web-admin-16": (
        "web_admin: true",
        "tls: true",
        'dhfile: "/etc/ejabberd/dhparams.pem"',
    ),
    "ejabberd-2-tls": (
        "starttls_required,",
        "{s2s_use_starttls, required_trusted}.",
        '{s2s_certfile, "/etc/ejabberd/ejabberd.pem"}.',
        "tls,",
        "web_admin,",
    ),
    "charybdis-tls": (
        'ssl_private_key = "/etc/charybdis/ssl.key";',
        'ssl_cert = "/etc/charybdis/ssl.pem";',
        'ssl_dh_params = "/etc/charybdis/dh.pem";',
        "sslport = 6697;",
        "flags = need_ssl;",
        "flags = ssl, topicburst;",
    ),
}

# One setting per listing whose value is a cipher string: shown, with its number.
CIPHER_SETTINGS = {
    "ejabberd-cipher-order": ("ciphers:", "s2s_ciphers:"),
    "ejabberd-dhfile": ("ciphers:", "s2s_ciphers:"),
    "charybdis-tls": ("ssl_cipher_list =",),
}


def _config_of(built_guide: BuiltGuide, name: str) -> Path:
    records = [q for q in built_guide.manifest()["quotes"] if q["name"] == name]
    assert len(records) == 1, f"listing {name!r} recorded {len(records)} times in the manifest"
    return CONFIGS_ROOT / records[0]["config_relpath"]


def test_starttls_required_shown_with_its_line_number_in_the_14_12_listing(
    im_listings: dict[str, Listing],
) -> None:
    config_lines = (CONFIGS_ROOT / "IM/ejabberd/14.12/ejabberd.yml").read_text().splitlines()
    expected = config_lines.index("    starttls_required: true") + 1
    assert im_listings["ejabberd-tls"].number_of("starttls_required: true") == expected


@pytest.mark.parametrize("name", sorted(EXPECTED_LINES))
def test_listing_shows_its_security_relevant_lines(
    im_listings: dict[str, Listing], name: str
) -> None:
    shown = {text.strip() for _, text in im_listings[name].lines}
    missing = [line for line in EXPECTED_LINES[name] if line not in shown]
    assert not missing, f"listing {name} does not show {missing}"


@pytest.mark.parametrize("name", sorted(CIPHER_SETTINGS))
def test_cipher_strings_are_shown(im_listings: dict[str, Listing], name: str) -> None:
    shown = [text.strip() for _, text in im_listings[name].lines]
    for key in CIPHER_SETTINGS[name]:
        assert any(text.startswith(key) and "ECDHE-" in text for text in shown), (name, key)


def test_every_shown_line_is_that_line_of_its_config(
    built_guide: BuiltGuide, im_listings: dict[str, Listing]
) -> None:
    assert im_listings, "no listing found in im.html"
    for name, listing in im_listings.items():
        config_lines = _config_of(built_guide, name).read_text(encoding="utf-8").splitlines()
        for number, text in listing.lines:
            assert config_lines[number - 1] == text, f"{name}: line {number} shows {text!r}"


def test_every_config_under_configs_is_quoted(built_guide: BuiltGuide) -> None:
    quoted = {
        (CONFIGS_ROOT / q["config_relpath"]).resolve() for q in built_guide.manifest()["quotes"]
    }
    configs = {
        path.resolve()
        for path in CONFIGS_ROOT.rglob("*")
        if path.is_file() and path.suffix not in {".toml", ".pem", ".json"}
    }
    assert configs, "no config found under configs/"
    assert sorted(map(str, configs - quoted)) == []


def test_listings_are_numbered_and_referenced(built_guide: BuiltGuide) -> None:
    page = built_guide.page("im")
    for name in ("ejabberd-tls", "ejabberd-cipher-order", "ejabberd-dhfile", "charybdis-tls"):
        assert f'href="#{name}"' in page, f":numref: to {name} does not link"
    assert 'class="caption-number">Listing ' in page


@pytest.mark.parametrize(
    "url",
    [
        "https://github.com/stpeter/manifesto",
        "http://www.process-one.net/docs/ejabberd/guide_en.html",
        "https://blog.thijsalkema.de/blog/2013/09/02/the-state-of-tls-on-xmpp-3/",
        "https://weakdh.org",
        "https://blog.process-one.net/securing-ejabberd-against-logjam-attacks-and-future-threats/",
        "http://hyperstruct.net/2007/06/20/installing-the-startcom-ssl-certificate-in-ejabberd/",
        "https://otr.cypherpunks.ca/Protocol-v3-4.1.1.html",
        "https://github.com/freenode/ircd-seven",
        "http://irc.netsplit.de/networks/top10.php",
        "http://www.silcnet.org/",
        "https://en.wikipedia.org/wiki/SILC_(protocol)",
    ],
)
def test_each_link_is_the_body_of_a_footnote_the_text_refers_to(
    built_guide: BuiltGuide, url: str
) -> None:
    footnotes = FootnoteParser.of(built_guide.page("im"))
    # The footnote whose body links the URL (exactly one) ...
    [(footnote_id, label)] = [
        (fid, footnotes.labels[fid]) for fid, urls in footnotes.bodies.items() if url in urls
    ]
    # ... is referred to from the text, by the number the footnote carries.
    shown = [text for href, text in footnotes.references if href == f"#{footnote_id}"]
    assert shown and set(shown) == {label}, (url, footnote_id, label, shown)


class FootnoteParser(HTMLParser):
    """Footnote bodies (``aside.footnote``: id -> label, external links) and references."""

    def __init__(self) -> None:
        super().__init__()
        self.labels: dict[str, str] = {}
        self.bodies: dict[str, list[str]] = {}
        self.references: list[tuple[str, str]] = []  # (href, number shown)
        self._footnote: str | None = None
        self._label_depth = 0  # > 0 inside the label span (it nests bracket spans)
        self._reference: str | None = None

    @classmethod
    def of(cls, page: str) -> FootnoteParser:
        parser = cls()
        parser.feed(page)
        return parser

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        classes = (attributes.get("class") or "").split()
        if tag == "aside" and "footnote" in classes:
            self._footnote = attributes["id"]
            self.labels[self._footnote], self.bodies[self._footnote] = "", []
        elif self._footnote and tag == "span" and ("label" in classes or self._label_depth):
            self._label_depth += 1
        elif tag == "a" and "footnote-reference" in classes:
            self._reference = attributes["href"]
            self.references.append((self._reference, ""))
        elif self._footnote and tag == "a" and "external" in classes:
            self.bodies[self._footnote].append(attributes["href"])

    def handle_endtag(self, tag: str) -> None:
        if tag == "aside":
            self._footnote = None
        elif tag == "span" and self._label_depth:
            self._label_depth -= 1
        elif tag == "a":
            self._reference = None

    def handle_data(self, data: str) -> None:
        if self._reference is not None:
            href, text = self.references[-1]
            self.references[-1] = (href, text + data.strip("[]"))
        elif self._footnote and self._label_depth:
            self.labels[self._footnote] += data.strip("[]")


def test_chapter_has_no_raw_latex_left(built_guide: BuiltGuide) -> None:
    source = (CONFIGS_ROOT.parent / "source" / "im.rst").read_text(encoding="utf-8")
    assert "raw-latex" not in source and "\\configfile" not in source
    assert "configfile" in built_guide.page("im")


def test_listing_links_follow_the_configured_base_url(
    built_guide: BuiltGuide, tmp_path: Path
) -> None:
    # Unless CONFIGFILE_BASE_URL names a real location, captions link to the
    # copies the build bundles, which exist wherever the HTML is published.
    default = "_configfile/"
    assert f'href="{default}IM/ejabberd/14.12/ejabberd.yml"' in built_guide.page("im")
    bundled = built_guide.outdir / "_configfile/IM/ejabberd/14.12/ejabberd.yml"
    assert bundled.read_bytes() == (CONFIGS_ROOT / "IM/ejabberd/14.12/ejabberd.yml").read_bytes()
    assert "hardening-guide/guide" not in built_guide.page("im")
    mirror = "https://git.example.net/guide/tree/configs/"
    outdir = tmp_path / "html"
    result = sphinx_build(
        ["-b", "html", str(GUIDE_SOURCE), str(outdir)], env={"CONFIGFILE_BASE_URL": mirror}
    )
    assert result.returncode == 0, result.stderr
    page = (outdir / "im.html").read_text(encoding="utf-8")
    assert f'href="{mirror}IM/Charybdis/ircd.conf"' in page
    assert default not in page


def test_guide_states_its_licence_and_credits_applied_crypto_hardening(
    built_guide: BuiltGuide,
) -> None:
    index = built_guide.page("index")
    assert 'href="https://creativecommons.org/licenses/by-sa/4.0/"' in index
    assert 'href="https://github.com/BetterCrypto/Applied-Crypto-Hardening"' in index
    assert "Wolfgang\nBreyha" in index or "Wolfgang Breyha" in index
    # The footer of every page carries the licence too (conf.py's copyright).
    assert "(CC BY-SA 4.0)" in built_guide.page("im")
    assert "CC BY 4.0" not in built_guide.page("im")

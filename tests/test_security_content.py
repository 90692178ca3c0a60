"""Inert content: the classic XSS payloads, put in every text field of the content, come out inert on every path.

Paths: the page HTML (render), the page view (QTextBrowser: no resource is ever loaded, links with other schemes
are refused, web links open only on a click), search snippets (SearchService + safe_snippet) and the static HTML
export. "Inert" is checked by parsing the output: no tag or attribute that can run, load or submit anything, every
link's scheme (after the browser's own entity decoding and whitespace stripping) on the allow-list, and template
syntax in content left as literal text.
"""

from __future__ import annotations

import base64
import re
from array import array
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests import factory

# --- the payloads ---------------------------------------------------------------------------------------------------

PAYLOADS = {
    "script": "<script>alert('p1')</script>",
    "img-onerror": "<img src=x onerror=\"alert('p2')\">",
    "img-remote": '<img src="http://evil.example/p3.png">',
    "md-image-remote": "![p4](http://evil.example/p4.png)",
    "md-image-file": "![p5](file:///etc/passwd)",
    "iframe": "<iframe src=\"javascript:alert('p6')\"></iframe>",
    "svg-onload": "<svg onload=\"alert('p7')\"><circle r=\"1\"/></svg>",
    "svg-script": "<svg><script>alert('p8')</script></svg>",
    "body-onload": "<body onload=alert('p9')>",
    "event-handlers": "<p onclick=\"alert('p10')\" onmouseover=\"alert(1)\" onfocus=alert(1) autofocus>hover</p>",
    "link-with-handler": "<a href=\"https://ok.example/h\" onclick=\"alert('p11')\">handler</a>",
    "style-tag": "<style>@import 'http://evil.example/p12.css'; p {background: url(file:///etc/passwd)}</style>",
    "style-attr": "<p style=\"background:url(http://evil.example/p13.png); color: expression(alert(1))\">styled</p>",
    "md-javascript": "[js1](javascript:alert('p14'))",
    "md-javascript-mixed-case": "[js2](JaVaScRiPt:alert('p15'))",
    "md-javascript-entity": "[js3](&#106;avascript:alert('p16'))",
    "md-javascript-tab-entity": "[js4](java&#x09;script:alert('p17'))",
    "a-javascript-hex-entities":
        "<a href=\"&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;:alert(1)\">js5</a>",
    "a-javascript-decimal-no-semicolons":
        "<a href=\"&#106&#97&#118&#97&#115&#99&#114&#105&#112&#116:alert(1)\">js6</a>",
    "a-javascript-newline": "<a href=\"jav&#x0A;ascript:alert('p18')\">js7</a>",
    "a-javascript-leading-space": "<a href=\" javascript:alert('p19')\">js8</a>",
    "md-autolink-javascript": "<javascript:alert('p20')>",
    "md-reference-javascript": "[js9][evil]\n\n[evil]: javascript:alert('p21')",
    "md-angle-javascript": "[js10](<javascript:alert('p22')>)",
    "md-data": "[data1](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "a-data-svg": "<a href=\"data:image/svg+xml,&lt;svg onload=alert(1)&gt;\">data2</a>",
    "md-vbscript": "[vb1](vbscript:msgbox('p23'))",
    "a-vbscript-mixed-case": "<a href=\"VbScRiPt:msgbox(1)\">vb2</a>",
    "a-file": "<a href=\"file:///etc/passwd\">file1</a>",
    "md-file": "[file2](file:///etc/passwd)",
    "a-file-upper": "<a href=\"FILE://localhost/etc/passwd\">file3</a>",
    "a-scheme-relative": "<a href=\"//evil.example/p24\">schemerel</a>",
    "a-unc-path": "<a href=\"\\\\evil.example\\share\\p25\">unc</a>",
    "a-relative-traversal": "<a href=\"../../../../etc/passwd\">traversal</a>",
    "meta-refresh": "<meta http-equiv=\"refresh\" content=\"0;url=http://evil.example/p26\">",
    "link-stylesheet": "<link rel=\"stylesheet\" href=\"http://evil.example/p27.css\">",
    "base-href": "<base href=\"http://evil.example/\">",
    "object-embed": "<object data=\"http://evil.example/p28\"></object><embed src=\"http://evil.example/p29\">",
    "form": "<form action=\"http://evil.example/\"><input name=q><button formaction=\"javascript:alert(1)\">go</button>"
            "</form>",
    "mutation-xss": "<math><mtext><table><mglyph><style><img src=x onerror=alert('p30')>",
    "noscript-breakout": "<noscript><p title=\"</noscript><img src=x onerror=alert('p31')>\"></noscript>",
    "comment-hidden": "<!-- <img src=x onerror=alert('p32')> -->",
    "attribute-breakout": "<a href='item:beta\" onclick=\"alert(1)'>breakout</a>",
    "table-background": "<table background=\"http://evil.example/p33.png\"><tr><td>cell</td></tr></table>",
}
TEMPLATE_PAYLOADS = {
    "jinja-expression": "{{ 7*7 }}",
    "jinja-statement": "{% for x in range(3) %}looped{% endfor %}",
    "jinja-objects": "{{ range(3) | list }} {{ self }} {{ lipsum }}",
}
# The good links and template text come first: an unclosed <style> or <math> payload may swallow what follows.
BODY = ("Good links stay: [a web page](https://ok.example/page), [mail](mailto:team@ok.example) "
        "and [the other page](item:beta).\n\n" + "\n\n".join(TEMPLATE_PAYLOADS.values()) + "\n\n"
        + "\n\n".join(PAYLOADS.values()) + "\n")
# Front matter and manifest fields are plain text: they go through the templates (autoescaped), never through
# Markdown or a template engine of their own.
TITLE = "\"><script>alert('title')</script>{{ 7*7 }}"
SUMMARY = "<img src=x onerror=alert('summary')> {% if true %}x{% endif %}"
SAFE_SCHEMES = {"http", "https", "mailto", "item", "section", "home"}
LITERALS = ("{{ 7*7 }}", "{% for x in range(3) %}looped{% endfor %}", "{{ range(3) | list }} {{ self }} {{ lipsum }}")


def hostile_tree(root: Path) -> Path:
    alpha = factory.item(
        "alpha", title=TITLE, summary=SUMMARY, availability="<iframe src=javascript:alert('availability')>",
        aliases=["<svg onload=alert('alias')>"],
        sources=[{"document": "002_dc0e4aaf1e59e6f0.txt", "section": "<img src=file:///etc/passwd> section"}],
        eligibility={"age": [{"min": 18, "says": "<script>alert('says')</script> aged 18+"}],
                     "notes": ["<a href=\"javascript:alert('note')\">note link</a> {{ 7*7 }}"]},
        delivery={"sessions": 3, "duration": "<style>p{background:url(http://evil.example/d)}</style>",
                  "session_length": "<b onmouseover=alert(1)>2 hours</b>"},
    )
    beta = factory.item("beta", kind="toolkit", summary="Plain page. {{ 7*7 }}")
    factory.tree(root, items={"alpha": alpha, "beta": beta})
    factory.page(root, "alpha", alpha, body=BODY)
    factory.region(root, "london", ["alpha", "beta"], name="<b onmouseover=alert('region')>London</b>",
                   foreword={"authors": [{"name": "<script>alert('author')</script>", "role": "<img src=x>"}],
                             "text": BODY},
                   not_covered="[javascript](javascript:alert('not covered')) <img src=x onerror=alert(1)>",
                   report_error="<a href=\"vbscript:msgbox(1)\">report</a> or [mail](mailto:errors@ok.example)",
                   source={"document": "002_dc0e4aaf1e59e6f0.txt", "section": "<script>alert('src')</script>"})
    return root


@pytest.fixture
def hostile(tmp_path):
    from brochure_app.catalogue import load

    root = hostile_tree(tmp_path / "hostile")
    cat = load(root)
    # Every page loads; `check` reports the one payload that is no link at all (an address in <> that is not a web
    # address: the '<' is text), and the page shows it as text.
    assert [str(p) for p in cat.problems] == [
        "content/pages/test/alpha.md:81: body: the link target '<javascript:alert('p22')>' is not an address with an "
        "optional title in quotes, so the link is shown as plain text"]
    assert [i.id for i in cat.items("london")] == ["alpha", "beta"]
    return root, cat


# --- what "inert" means -------------------------------------------------------------------------------------------

RUNS_OR_LOADS = {"script", "img", "image", "iframe", "frame", "frameset", "svg", "math", "object", "embed", "applet",
                 "style", "link", "meta", "base", "form", "input", "button", "textarea", "select", "video", "audio",
                 "source", "track", "picture", "template", "noscript", "xml", "body", "html", "head", "title",
                 "portal", "marquee", "isindex", "param"}
LOADING_ATTRS = {"src", "srcset", "lowsrc", "dynsrc", "background", "action", "formaction", "data", "poster",
                 "xlink:href", "ping", "codebase", "archive", "srcdoc"}
_LOADING_CSS = re.compile(r"url\s*\(|image-set|expression|@import|behavior|binding|\\", re.I)
_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):")


class _Audit(HTMLParser):
    def __init__(self, document: bool, relative_ok: bool, schemes: set[str] = SAFE_SCHEMES):
        super().__init__(convert_charrefs=True)
        self.document, self.relative_ok, self.schemes = document, relative_ok, schemes
        self.findings: list[str] = []
        self.text: list[str] = []
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        self._check(tag, attrs)

    def handle_startendtag(self, tag, attrs):
        self._check(tag, attrs)

    def _check(self, tag: str, attrs) -> None:
        attrs = [(name.lower(), value or "") for name, value in attrs]
        frame = tag in RUNS_OR_LOADS and self._page_frame(tag, dict(attrs))
        if tag in RUNS_OR_LOADS and not frame:
            self.findings.append(f"<{tag} {attrs}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.findings.append(f"event handler {name}={value!r} on <{tag}>")
            elif name in LOADING_ATTRS and not (frame and name in ("action", "src")):   # checked by _page_frame
                self.findings.append(f"loading attribute {name}={value!r} on <{tag}>")
            elif name == "style" and _LOADING_CSS.search(value):
                self.findings.append(f"style that can load {value!r} on <{tag}>")
            elif name == "href":
                self.hrefs.append(value)
                if not self._href_ok(tag, value):
                    self.findings.append(f"href {value!r} on <{tag}>")

    def _page_frame(self, tag: str, attrs: dict) -> bool:
        """The export's own document frame: html/head/body/title, charset/viewport/CSP metas, its stylesheet; the
        site's search box (a GET form to its own search page) and the search page's own script file."""
        if not self.document:
            return False
        if tag in ("html", "head", "body", "title"):
            return not attrs or set(attrs) <= {"lang", "class"}
        if tag == "meta":
            return (set(attrs) == {"charset"} or attrs.get("name") in ("viewport", "generator")
                    or attrs.get("http-equiv", "").lower() == "content-security-policy"
                    or (attrs.get("name") == "brochure-page"
                        and set(attrs) <= {"name", "content", "data-kind", "data-pagefind-meta"}))
        if tag == "form":
            action = attrs.get("action", "")
            return (attrs.get("method") == "get" and action.endswith("search.html")
                    and self._href_ok(tag, action, web=False))
        if tag in ("input", "button"):
            return attrs.get("type") in ("search", "submit") and not set(attrs) & {"formaction", "src"}
        if tag == "noscript":
            return not attrs
        if tag == "script":   # never inline: tests/test_export_html.py checks that every script element is empty
            return (set(attrs) <= {"src", "data-basic-index", "data-pagefind"}
                    and re.fullmatch(r"search/[a-z]+\.js", attrs.get("src", "")) is not None)
        if tag == "link":
            return attrs.get("rel") == "stylesheet" and self._href_ok(tag, attrs.get("href", ""), web=False)
        return False

    def _href_ok(self, tag: str, value: str, web: bool = True) -> bool:
        # What a browser does first: drop ASCII tab/newline anywhere, spaces and controls at the ends.
        cleaned = re.sub(r"[\t\n\r]", "", value).strip("\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f\x10"
                                                        "\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e"
                                                        "\x1f ").lower()
        m = _SCHEME.match(cleaned)
        if m:
            return web and m.group(1) in self.schemes
        if not self.relative_ok:
            return False
        return not cleaned.startswith(("//", "\\", "/")) and "\\" not in cleaned and ":" not in cleaned

    def handle_comment(self, data):
        self.findings.append(f"comment <!--{data}-->")

    def handle_pi(self, data):
        self.findings.append(f"processing instruction {data!r}")

    def handle_decl(self, decl):
        if not (self.document and decl.lower() == "doctype html"):
            self.findings.append(f"declaration {decl!r}")

    def unknown_decl(self, data):
        self.findings.append(f"declaration {data!r}")

    def handle_data(self, data):
        self.text.append(data)


def audit(html: str, document: bool = False, relative_ok: bool = False, schemes: set[str] = SAFE_SCHEMES) -> _Audit:
    a = _Audit(document, relative_ok, schemes)
    a.feed(html)
    a.close()
    return a


def assert_inert(html: str, document: bool = False, relative_ok: bool = False, where: str = "",
                 schemes: set[str] = SAFE_SCHEMES) -> _Audit:
    a = audit(html, document, relative_ok, schemes)
    assert a.findings == [], f"{where}: active content survived"
    return a


# --- page HTML (render) ------------------------------------------------------------------------------------------

# Payloads that plain Markdown already leaves inert (it escapes the autolink; the quoted href cannot break out).
INERT_IN_PLAIN_MARKDOWN = {"md-autolink-javascript", "attribute-breakout"}


def test_auditor_catches_every_payload_raw():
    """The check itself: each payload is caught when it is NOT sanitised (so a pass below means something)."""
    from markdown import markdown

    missed = [name for name, p in PAYLOADS.items()
              if name not in INERT_IN_PLAIN_MARKDOWN and not audit(markdown(p)).findings]
    assert missed == []


@pytest.mark.parametrize("name", sorted(PAYLOADS))
def test_each_payload_is_inert_in_markdown(name):
    from brochure_app.render.html import markdown_html

    assert_inert(markdown_html(PAYLOADS[name]), where=name)


@pytest.mark.parametrize("name", sorted(TEMPLATE_PAYLOADS))
def test_template_payload_is_literal_in_markdown(name):
    from brochure_app.render.html import markdown_html

    assert TEMPLATE_PAYLOADS[name] in "".join(audit(markdown_html(TEMPLATE_PAYLOADS[name])).text)


def test_every_page_of_a_hostile_region_is_inert(hostile):
    from brochure_app.domain.taxonomy import KINDS
    from brochure_app.render.html import render

    _root, cat = hostile
    keys = ["home"] + [f"section:{k}" for k in KINDS] + ["item:alpha", "item:beta"]
    for key in keys:
        for full in (False, True):
            page = render(cat, "london", key, full_document=full, css="style.css")
            assert_inert(page.html, document=full, relative_ok=full, where=f"{key} full={full}")
    page = render(cat, "london", "item:alpha")
    a = audit(page.html)
    text = "".join(a.text)
    # The good links survive; the title and summary show as text, escaped.
    assert {"https://ok.example/page", "mailto:team@ok.example", "item:beta"} <= set(a.hrefs)
    assert "<script>alert('title')</script>" in text and "<img src=x onerror=alert('summary')>" in text


def test_template_syntax_in_content_stays_literal(hostile):
    from brochure_app.render.html import render

    _root, cat = hostile
    text = "".join(audit(render(cat, "london", "item:alpha").html).text)
    for literal in LITERALS:
        assert literal in text
    assert "49" not in text and "loopedloopedlooped" not in text and "[0, 1, 2]" not in text
    home = "".join(audit(render(cat, "london", "home").html).text)
    assert "{{ 7*7 }}" in home and "49" not in home
    beta = "".join(audit(render(cat, "london", "section:toolkit").html).text)
    assert "Plain page. {{ 7*7 }}" in beta


def test_jinja_environment_autoescapes_and_is_strict():
    import jinja2

    from brochure_app.render.html import environment

    env = environment()
    assert env.autoescape is True or env.autoescape(None) is True
    assert env.undefined is jinja2.StrictUndefined


# --- the page view (QTextBrowser) ----------------------------------------------------------------------------------

RED = 0xFFFF0000   # #ff0000 as a 32-bit ARGB pixel


def _nothing(value) -> bool:
    """An answer to loadResource, or a resource the document keeps, that carries nothing: None, an empty value, or
    (Qt before 6.10, safe_document.NULL_IMAGE_FALLS_BACK) one transparent pixel."""
    from PySide6.QtGui import QImage, QPixmap

    if value is None:
        return True
    if isinstance(value, QPixmap):
        value = value.toImage()
    if isinstance(value, QImage):
        return value.isNull() or (value.size().toTuple() == (1, 1) and value.pixelColor(0, 0).alpha() == 0)
    return hasattr(value, "isEmpty") and value.isEmpty()


def _red_pixels(widget) -> int:
    from PySide6.QtGui import QImage

    image = widget.grab().toImage().convertToFormat(QImage.Format.Format_ARGB32)
    return array("I", bytes(image.constBits())[: image.sizeInBytes()]).count(RED)


@pytest.fixture
def bait(tmp_path):
    """A red picture and a red stylesheet on disk, and the same picture as a data: URL."""
    from PySide6.QtGui import QColor, QImage

    png = tmp_path / "bait.png"
    image = QImage(48, 48, QImage.Format.Format_ARGB32)
    image.fill(QColor("#ff0000"))
    assert image.save(str(png))
    css = tmp_path / "bait.css"
    css.write_text("p, td, body { background-color: #ff0000; color: #ff0000 }", encoding="utf-8")
    data = "data:image/png;base64," + base64.b64encode(png.read_bytes()).decode()
    return png, css, data


class _Recorder:
    def __init__(self):
        self.calls = []

    def __call__(self, *args):
        self.calls.append(args)
        return True


def _view(qtbot, cls=None):
    from brochure_app.ui.pages.page_view import PageView

    view = (cls or PageView)("")
    qtbot.addWidget(view)
    view.resize(640, 480)
    view.show()
    qtbot.waitExposed(view)
    return view


def test_page_view_loads_no_resource_even_if_markup_got_through(qtbot, bait):
    """Defence in depth: raw, unsanitised markup pointing at local files and data: URLs paints nothing."""
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QTextDocument

    from brochure_app.ui.pages.page_view import PageView

    png, css, data = bait
    srcs = [png.as_uri(), str(png), data, png.name, "http://evil.example/x.png", "qrc:/bait.png"]

    class Counting(PageView):
        def __init__(self, css_text):
            super().__init__(css_text)
            self.loads = []

        def loadResource(self, kind, url):  # noqa: N802 - Qt's name
            value = super().loadResource(kind, url)
            self.loads.append((url.toString(), value))
            return value

    view = _view(qtbot, Counting)
    raw = "".join(f'<p><img src="{s}" width="48" height="48"></p>' for s in srcs)
    raw += (f'<style>@import url("{css.as_uri()}"); @import "{css}";</style>'
            f'<link rel="stylesheet" href="{css.as_uri()}">'
            f'<table background="{png.as_uri()}" width="200"><tr><td>cell text here</td></tr></table>'
            "<p>Some text in a paragraph that a loaded stylesheet would paint red.</p>")
    view.show_page("item:raw", "Raw", raw)
    qtbot.wait(10)
    assert len(view.loads) >= 5, "loadResource was not consulted: the test would prove nothing"
    for url, value in view.loads:
        assert _nothing(value), f"loadResource returned data for {url}"
    for s in srcs:
        res = view.document().resource(QTextDocument.ResourceType.ImageResource, QUrl(s))
        assert _nothing(res), s
    assert _red_pixels(view.viewport()) == 0, "a local or data: resource was painted"


def test_page_view_paints_the_bait_when_resources_are_not_refused(qtbot, bait):
    """The control: a plain QTextBrowser does load these, so the test above really tests PageView's refusal."""
    from PySide6.QtWidgets import QTextBrowser

    png, _css, data = bait
    plain = QTextBrowser()
    qtbot.addWidget(plain)
    plain.resize(300, 200)
    plain.setHtml(f'<p><img src="{png.as_uri()}"><img src="{data}"></p>')
    plain.show()
    qtbot.waitExposed(plain)
    assert _red_pixels(plain.viewport()) > 0


def test_hostile_page_in_the_page_view_loads_nothing(qtbot, hostile):
    from brochure_app.render.html import render
    from brochure_app.ui.pages.page_view import PageView

    _root, cat = hostile

    class Counting(PageView):
        loads = 0

        def loadResource(self, kind, url):  # noqa: N802
            Counting.loads += 1
            return super().loadResource(kind, url)

    view = _view(qtbot, Counting)
    for key in ("home", "item:alpha"):
        page = render(cat, "london", key)
        view.show_page(key, page.title, page.html)
        qtbot.wait(5)
    assert Counting.loads == 0   # the sanitised page has nothing that would even ask
    assert "{{ 7*7 }}" in view.toPlainText()


BAD_LINKS = ["javascript:alert(1)", "JavaScript:alert(1)", "data:text/html,<script>alert(1)</script>",
             "vbscript:msgbox(1)", "file:///etc/passwd", "FILE:///etc/shadow", "ftp://evil.example/x",
             "smb://evil.example/share", "ms-settings:", "x-unknown:thing", "../../etc/passwd", "//evil.example/x",
             "qrc:/secret", "about:blank", "chrome://settings", "jar:file:///x.jar!/"]


@pytest.mark.parametrize("link", BAD_LINKS)
def test_page_view_refuses_other_schemes(qtbot, monkeypatch, link):
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QDesktopServices

    opened = _Recorder()
    monkeypatch.setattr(QDesktopServices, "openUrl", opened)
    view = _view(qtbot)
    followed = []
    view.link_activated.connect(lambda *a: followed.append(a))
    with qtbot.waitSignal(view.external_link_refused, timeout=1000):
        view.anchorClicked.emit(QUrl(link))
    assert opened.calls == [] and followed == []


def _click_text(qtbot, view, text: str) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QTextCursor

    found = view.document().find(text)
    assert not found.isNull(), text
    cursor = QTextCursor(view.document())
    cursor.setPosition(found.selectionStart() + 1)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.cursorRect(cursor).center())


def test_web_links_open_in_the_system_browser_only_on_a_click(qtbot, monkeypatch):
    from PySide6.QtGui import QDesktopServices

    opened = _Recorder()
    monkeypatch.setattr(QDesktopServices, "openUrl", opened)
    view = _view(qtbot)
    view.show_page("item:x", "X", '<p><a href="https://ok.example/page">Website</a> and '
                                  '<a href="mailto:team@ok.example">Mailbox</a></p>')
    qtbot.wait(20)
    assert opened.calls == []               # shown: nothing opened
    _click_text(qtbot, view, "Website")
    assert [c[0].toString() for c in opened.calls] == ["https://ok.example/page"]
    _click_text(qtbot, view, "Mailbox")
    assert [c[0].toString() for c in opened.calls][-1] == "mailto:team@ok.example"
    assert view.source().isEmpty() and view.key == "item:x"


def test_clicking_a_file_link_neither_navigates_nor_opens(qtbot, monkeypatch):
    """Raw markup (as if the sanitiser let it through): a real click on a file: link changes nothing."""
    from PySide6.QtGui import QDesktopServices

    opened = _Recorder()
    monkeypatch.setattr(QDesktopServices, "openUrl", opened)
    view = _view(qtbot)
    view.show_page("item:x", "X", '<p>Before <a href="file:///etc/hostname">Secret</a> after</p>')
    before = view.toPlainText()
    with qtbot.waitSignal(view.external_link_refused, timeout=1000) as refused:
        _click_text(qtbot, view, "Secret")
    qtbot.wait(10)
    assert refused.args == ["file:///etc/hostname"]
    assert opened.calls == [] and view.source().isEmpty() and view.toPlainText() == before


# --- search snippets -----------------------------------------------------------------------------------------------

HOSTILE_SNIPPETS = [
    "<script>alert(1)</script><b>ok</b>",
    "<img src=x onerror=alert(1)> <b onmouseover=alert(1)>x</b>",
    "&lt;b&gt;fine&lt;/b&gt; <B>upper</B> <b >spaced</b> </b><b>",
    "<a href=\"javascript:alert(1)\">x</a>",
    "<b><img src=\"file:///etc/passwd\"></b>",
    "<svg/onload=alert(1)>",
    "<style>*{background:url(http://evil.example)}</style>",
]


@pytest.mark.parametrize("snippet", HOSTILE_SNIPPETS)
def test_safe_snippet_leaves_only_bold(snippet):
    from brochure_app.ui.search.search_panel import safe_snippet

    out = safe_snippet(snippet)
    a = assert_inert(out)
    assert set(re.findall(r"<\s*/?\s*([a-zA-Z]+)", out)) <= {"b"}
    assert a.hrefs == []


def test_search_snippets_of_hostile_content_are_inert(hostile):
    from brochure_app.search import SearchService
    from brochure_app.ui.search.search_panel import safe_snippet

    _root, cat = hostile
    service = SearchService(cat, in_memory=True)
    seen = 0
    try:
        for query in ("alert", "script", "onerror", "javascript", "img src", "iframe", "svg onload", "style",
                      "7*7", "looped", "file passwd", "vbscript", "evil example", "title"):
            for region in (None, "london"):
                for hit in service.search(query, region=region, limit=10).hits:
                    seen += 1
                    assert re.sub(r"</?b>", "", hit.snippet).count("<") == 0, hit.snippet
                    assert_inert(hit.snippet, where=f"snippet for {query!r}")
                    assert_inert(safe_snippet(hit.snippet), where=f"safe_snippet for {query!r}")
    finally:
        service.close()
    assert seen >= 5, "the hostile page was not found: the test would prove nothing"


def test_search_cli_json_snippets_are_inert(hostile, capsys):
    import json

    from brochure_app.cli import main

    root, _cat = hostile
    assert main(["--content-root", str(root), "search", "alert script onerror", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["results"]
    for hit in data["results"]:
        assert_inert(hit["snippet"])


def test_search_panel_shows_hostile_hits_as_text(qtbot):
    from PySide6.QtWidgets import QLabel

    from brochure_app.search.model import SearchHit, SearchResults
    from brochure_app.ui.search.search_panel import SearchPanel

    panel = SearchPanel()
    qtbot.addWidget(panel)
    hit = SearchHit("alpha", "<img src=x onerror=alert(1)>Title", "toolkit", ("london",), 1.0,
                    "<script>alert(1)</script>&lt;i&gt; <b>match</b>")
    panel.show_results(SearchResults("match", "london", (hit,), "<img src=x>"), {"london": "<b>London</b>"})
    labels = [panel.list.itemWidget(panel.list.item(i)) for i in range(panel.list.count())]
    assert labels and all(isinstance(label, QLabel) for label in labels)
    for label in labels + [panel.suggestion]:
        assert_inert(label.text(), schemes={"suggest"})   # the panel's own "did you mean" link


def test_search_panel_status_shows_the_query_as_text(qtbot, bait):
    from brochure_app.search.model import SearchResults
    from brochure_app.ui.search.search_panel import SearchPanel

    png, _css, _data = bait
    panel = SearchPanel()
    qtbot.addWidget(panel)
    panel.resize(400, 300)
    panel.show()
    qtbot.waitExposed(panel)
    panel.show_results(SearchResults(f'<img src="{png}">', None, (), None), {})
    qtbot.wait(10)
    assert _red_pixels(panel) == 0


def test_search_panel_shows_snippet_punctuation_as_written():
    """Not double-escaped: the snippet is escaped once by search, and shown as the page's words."""
    from PySide6.QtGui import QTextDocument

    from brochure_app.ui.search.search_panel import safe_snippet

    doc = QTextDocument()
    doc.setHtml(safe_snippet("the <b>person</b>&#x27;s &quot;trail&quot; &amp; more"))
    assert doc.toPlainText() == "the person's \"trail\" & more"


# --- the static HTML export ----------------------------------------------------------------------------------------

def test_exported_site_of_hostile_content_is_inert(hostile, tmp_path, capsys):
    from brochure_app.cli import main

    root, _cat = hostile
    out = tmp_path / "site"
    code = main(["--content-root", str(root), "export", "--region", "london", "--format", "html", "--out", str(out)])
    _out, err = capsys.readouterr()
    assert code == 0, err
    pages = sorted(out.rglob("*.html"))
    assert len(pages) >= 3
    texts = []
    for page in pages:
        a = assert_inert(page.read_text(encoding="utf-8"), document=True, relative_ok=True,
                         where=str(page.relative_to(out)))
        texts.append("".join(a.text))
    alpha = next(t for p, t in zip(pages, texts, strict=True) if p.name == "alpha.html")
    assert "{{ 7*7 }}" in alpha and "<script>alert('title')</script>" in alpha

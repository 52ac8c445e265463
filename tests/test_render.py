import markdown
import pytest

from digest.render import md_escape, template_environment

HOSTILE = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[click](javascript:alert(1))",
    "{{ config }} {% include 'x' %}",
    '--8<-- "/etc/passwd"',
    "text {: onclick=alert(1) }",
    "<!-- never closed",
    "| a | b |",
    "---",
    "1. not a list",
    "# not a heading",
    "*not emphasis* _nor this_ `nor code`",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_escaped_text_renders_as_the_literal_text(text):
    html = markdown.markdown(md_escape(text), extensions=["attr_list", "md_in_html", "tables", "admonition"])
    assert "<script" not in html and "<img" not in html and "<a " not in html and "onclick=" not in html.replace("&#", "")
    assert "<h1" not in html and "<ol" not in html and "<em" not in html and "<code" not in html
    from html import unescape
    import re
    visible = unescape(re.sub(r"<[^>]+>", "", html)).strip()
    assert visible == text


def test_every_printed_value_is_escaped_unless_marked_safe():
    env = template_environment()
    template = env.from_string("{{ value }} [{{ value }}]({{ link }})")
    from markupsafe import Markup

    out = template.render(value="*x* <b>", link=Markup("a_b.md"))
    assert out == "&#42;x&#42; &lt;b&gt; [&#42;x&#42; &lt;b&gt;](a_b.md)"


def test_undefined_values_fail_the_build():
    import jinja2

    with pytest.raises(jinja2.UndefinedError):
        template_environment().from_string("{{ missing }}").render()


def test_a_user_template_replaces_the_builtin_one(tmp_path):
    (tmp_path / "people.md.j2").write_text("custom people page")
    env = template_environment(tmp_path)
    assert env.get_template("people.md.j2").render() == "custom people page"
    assert str(tmp_path) not in env.get_template("facts.md.j2").filename

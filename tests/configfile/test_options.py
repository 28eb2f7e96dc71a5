"""The directive block: path first, then ``:option: value`` lines."""

import pytest
from sphinx_configfile.options import ConfigfileOptions, OptionError, parse_block


def test_path_and_options_are_split() -> None:
    block = "14.12/ejabberd.yml\n:lines: 104-107, 113\n:caption: TLS setup\n:class: a b"
    assert parse_block(block) == ConfigfileOptions(
        argument="14.12/ejabberd.yml",
        lines="104-107, 113",
        caption="TLS setup",
        classes=("a", "b"),
    )


def test_indented_continuation_lines_extend_the_value() -> None:
    block = "x.yml\n:caption: A long\n   caption text\n:name: x"
    options = parse_block(block)
    assert (options.caption, options.name) == ("A long caption text", "x")


@pytest.mark.parametrize(
    ("block", "message"),
    [
        ("x.yml\n:line: 1-3", "unknown option :line: (known: :lines:, :caption:"),
        ("x.yml\n:lines: 1\n:lines: 2", "option :lines: given twice"),
        ("x.yml\nlines 1-3", "cannot read option line 'lines 1-3'"),
        ("x.yml\n:lines:", "option :lines: needs a value"),
        (":lines: 1-3", "no config file given"),
    ],
)
def test_bad_blocks_are_explained(block: str, message: str) -> None:
    with pytest.raises(OptionError) as caught:
        parse_block(block)
    assert message in str(caught.value)

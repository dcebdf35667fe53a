"""Rendered Markdown: a code block or a table that scrolls inside its own box can be scrolled from the keyboard."""

from unroll.content.rendering import render_markdown

STATEMENT = """\
Build it:

```python
model = Sequential([SimpleRNN(4, input_shape=(3, 2), return_sequences=True), TimeDistributed(Dense(1))])
```

| layer | output |
|-------|--------|
| SimpleRNN | (None, 3, 4) |

Inline `<pre>` and `<table>` stay text.
"""


def test_code_blocks_take_the_keyboards_focus():
    rendered = str(render_markdown(STATEMENT))

    assert '<pre tabindex="0"><code class="language-python">model = Sequential(' in rendered
    assert rendered.count("<pre") == 1


def test_tables_sit_in_a_named_focusable_scroll_box():
    rendered = str(render_markdown(STATEMENT))

    assert '<div class="scroll" tabindex="0" role="region" aria-label="Table"><table>' in rendered
    assert rendered.count("</table></div>") == 1


def test_tags_written_as_text_are_not_made_into_boxes():
    rendered = str(render_markdown("Inline `<pre>` and `<table>` stay text; so does <pre onclick=x>this</pre>."))

    assert "<code>&lt;pre&gt;</code>" in rendered and "<code>&lt;table&gt;</code>" in rendered
    assert "onclick" not in rendered
    assert '<div class="scroll"' not in rendered

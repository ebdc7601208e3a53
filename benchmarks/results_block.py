"""The one way a benchmark script writes its block into benchmarks/RESULTS.md: the text between its
begin and end markers is replaced; a file without them gets the block placed by `place`."""


def write_block(path, begin, end, block, place):
    """Puts `block` (which starts with `begin` and ends with `end`) into the file at `path`;
    `place(text, block)` gives the new text when the markers are not there yet."""
    with open(path) as f:
        text = f.read()
    if begin in text and end in text:
        text = text[:text.index(begin)] + block + text[text.index(end) + len(end):]
    else:
        text = place(text, block)
    with open(path, "w") as f:
        f.write(text)

"""An Analysis or Changes -> the files that go to a meeting or another tool: the briefing, the
workbooks, and the one writer of the output folder."""

"""The colour of each kind of issue, as LanguageTool's own clients colour them: one list for the
text's underlines, the paper's, the issue cards and the merge preview (no Qt needed to read it)."""

COLOURS = {"spelling": "#d0312d", "grammar": "#2f6fdd", "style": "#8e44ad"}

"""Proof: reading a source's evidence by stated rules.

`verification` proves each field of each fact by the rule its kind declares (`kinds`), and
`drafting` finds candidate facts in an article by the same readings, so that a draft is filled
in by the rules that will check it. The readings are split by what they read: `text`,
`numbers`, `times`, `order`, `names`, `roles`, `speech`, `clauses`, `measurers`, `metrics`.
"""

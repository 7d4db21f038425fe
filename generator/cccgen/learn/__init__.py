"""`cccgen learn`: turn the drift that captures show into a spec change.

`captures` reads and attributes the captures (as `validate` does), `observe` walks each one
against the spec and collects what differs, `infer` types the values of unknown fields,
`propose` turns findings into curation actions, `overlay` writes them (text appended to the
curation file, the imported file re-rendered) and shows them as a unified diff.
"""

"""`cccgen import`: the spec of a whole API from Alibaba Cloud's OpenMeta metadata
(`api-docs.json`), with the curation layer's hand decisions applied on top."""

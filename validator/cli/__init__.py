"""The `fmlint` command line: the lean launcher, the click commands, `check`'s orchestration,
`init`, `report --compare`."""

// The KPI query language: lexer, recursive-descent parser, diagnostics with source spans and
// the canonical printer (issue 3). Imports Model only: names resolve against a vocabulary
// handed in by the caller, never against the store.
import Model

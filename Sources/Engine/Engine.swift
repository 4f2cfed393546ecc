// The metric core: the catalog of METRICS.md, in-memory columnar tables built from the
// workspace, and plan execution. Built in issue 4; this file anchors the module in the
// dependency graph (Model, Store) until then.
import Model
import Store

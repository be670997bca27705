"""The shape of a role-matrix row, shared by every app's `tests/role_matrix.py`.

A row is `(access, objects_key)` for a GET, or `(access, objects_key, "POST")` (any method name)
for a write. `access` is one of:
- "public": anyone, signed in or not;
- "login": any signed-in, verified user;
- "2fa_step": signed in, verification not yet needed (the two-factor step itself);
- "post_only": GET answers 405 for everybody;
- "docs": the API's schema and docs;
- "absent": answers 404 for everybody;
- a tuple of permission codenames: users whose role has one of them, and the administrator.
`objects_key` names an entry of the app's `make_objects()` with the URL kwargs (plus optional
"query" for GET parameters and "data" for a JSON body), or None.

Expected status: GET allowed → 200; write allowed → anything but 401/403/404/405/5xx;
denied → 403 (the API answers 401 to anonymous callers; staff pages redirect them to login).
"""

from __future__ import annotations

Access = str | tuple[str, ...]
Row = tuple[Access, str | None] | tuple[Access, str | None, str]

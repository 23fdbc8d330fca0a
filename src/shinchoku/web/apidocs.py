"""``/docs``: the API reference, rendered on the server from the OpenAPI document.

Swagger UI would need scripts from a CDN, which the Content-Security-Policy forbids;
this page shows the same document (operations, parameters and their constraints, the
request bodies, the bearer scheme) as plain HTML, and links to ``/openapi.json``.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from shinchoku.web.render import render

router = APIRouter(include_in_schema=False)

_METHODS = ("get", "put", "post", "patch", "delete")
_CONSTRAINTS = ("minimum", "maximum", "minLength", "maxLength", "pattern", "enum")


@router.get("/docs")
def api_docs(request: Request) -> HTMLResponse:
    doc = request.app.openapi()
    return render(
        request,
        "pages/api_docs.html",
        {
            "title": "API",
            "info": doc.get("info", {}),
            "schemes": doc.get("components", {}).get("securitySchemes", {}),
            "operations": list(_operations(doc)),
            "bodies": _bodies(doc),
        },
    )


def _operations(doc: dict[str, Any]) -> Any:
    for path, item in doc.get("paths", {}).items():
        for method in _METHODS:
            op = item.get(method)
            if op is None:
                continue
            body = op.get("requestBody", {}).get("content", {}).get("application/json", {})
            ref = body.get("schema", {}).get("$ref", "")
            yield {
                "method": method.upper(),
                "path": path,
                "summary": op.get("summary", ""),
                "security": [name for s in op.get("security", []) for name in s],
                "parameters": [
                    {
                        "name": p["name"],
                        "in": p["in"],
                        "required": p.get("required", False),
                        "constraints": _constraints(p.get("schema", {})),
                    }
                    for p in op.get("parameters", [])
                ],
                "body": ref.rsplit("/", 1)[-1] or None,
                "responses": sorted(op.get("responses", {})),
            }


def _bodies(doc: dict[str, Any]) -> dict[str, list[dict[str, str]]]:
    """The request bodies' fields and their constraints."""
    schemas = doc.get("components", {}).get("schemas", {})
    used = {
        op.get("requestBody", {})
        .get("content", {})
        .get("application/json", {})
        .get("schema", {})
        .get("$ref", "")
        .rsplit("/", 1)[-1]
        for item in doc.get("paths", {}).values()
        for method, op in item.items()
        if method in _METHODS
    } - {""}
    out: dict[str, list[dict[str, str]]] = {}
    for name in sorted(used):
        schema = schemas.get(name, {})
        out[name] = [
            {
                "name": field,
                "description": spec.get("description", ""),
                "constraints": _constraints(spec),
                "required": "yes" if field in schema.get("required", []) else "",
            }
            for field, spec in schema.get("properties", {}).items()
        ]
    return out


def _constraints(schema: dict[str, Any]) -> str:
    parts: list[str] = []
    for option in [schema, *schema.get("anyOf", [])]:
        kind = option.get("type")
        if kind and kind != "null":
            parts.append(str(kind))
        parts += [f"{key} {option[key]}" for key in _CONSTRAINTS if key in option]
    return ", ".join(parts)

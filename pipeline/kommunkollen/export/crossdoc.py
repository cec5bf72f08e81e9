"""Cross-document tables, accumulated document by document and written at the end."""
from __future__ import annotations

from kommunkollen import gazetteer


def _join(values) -> str | None:
    items = sorted({v for v in values if v})
    return "; ".join(items) if items else None


class CrossDocumentTables:
    """Collects what actors.csv, organisations_canonical.csv, amounts_by_recipient_year.csv
    and org_changes_timeline.csv need; memory grows with records, not with text."""

    def __init__(self):
        self.persons: dict[str, dict] = {}
        self.orgs: dict[str, dict] = {}
        self.amount_rows: list[dict] = []
        self.change_rows: list[dict] = []

    def add(self, doc: dict) -> None:
        doc_id, published, doc_type = doc["doc_id"], doc.get("published"), doc.get("doc_type")
        muni, code = doc.get("municipality"), doc.get("municipality_code")
        for p in doc.get("persons", []):
            pid = p.get("person_id")
            if not pid:
                continue
            a = self.persons.setdefault(pid, {"person_id": pid, "name": p["name"], "municipality": muni,
                                              "municipality_code": code, "roles": set(), "parties": set(),
                                              "organisations": set(), "dates": set(), "doc_ids": set()})
            a["roles"].add(p.get("role"))
            a["parties"].add(p.get("party"))
            a["organisations"].add(p.get("organisation"))
            a["dates"].add(published)
            a["doc_ids"].add(doc_id)
        by_name = {}
        for o in doc.get("organisations", []):
            cid = o.get("canonical_id")
            if not cid:
                continue
            by_name[o["name"].casefold()] = cid
            body_code = code if o["kind"] == "municipal_body" else (cid.split(":")[1] if o["kind"] == "municipality" else None)
            m = gazetteer.municipality_by_code().get(body_code) if body_code else None
            entry = self.orgs.setdefault(cid, {"canonical_id": cid, "canonical_name": o.get("canonical_name"),
                                               "kind": o["kind"], "municipality": m.name if m else None,
                                               "municipality_code": m.code if m else None,
                                               "county": m.county_name if m else None,
                                               "variants": set(), "doc_ids": set()})
            entry["variants"].add(o["name"])
            entry["doc_ids"].add(doc_id)
        for a in doc.get("amounts", []):
            if a.get("value_sek") is None:
                continue
            recipient = a.get("recipient")
            rid = by_name.get(recipient.casefold()) if recipient else None
            years = a.get("years")
            base = {"record_id": a["record_id"], "municipality": muni, "municipality_code": code,
                    "recipient": recipient, "recipient_id": rid, "purpose": a.get("purpose"),
                    "is_total": bool(a.get("is_total")), "part_of": a.get("part_of"), "text": a["text"],
                    "evidence": a.get("evidence"), "doc_type": doc_type, "published": published,
                    "doc_id": doc_id, "start": a["start"]}
            if years and a.get("period") == "year":
                rows = [dict(base, year=year, value_sek=a["value_sek"], year_basis="per_year")
                        for year in range(years[0], years[-1] + 1)]
            elif years:
                rows = [dict(base, year=years[0] if years[0] == years[-1] else None, value_sek=a["value_sek"],
                             year_basis="total" if years[0] != years[-1] else "per_year")]
            else:
                rows = [dict(base, year=None, value_sek=a["value_sek"], year_basis="unknown")]
            for row in rows:
                row["row_id"] = f"{a['record_id']}:{row['year'] if row['year'] is not None else 'all'}"
            self.amount_rows.extend(rows)
        dates = [d for d in doc.get("dates", []) if d.get("value") and not d.get("relative")]
        for c in doc.get("org_changes", []):
            inside = [d for d in dates if c["start"] <= d["start"] and d["end"] <= c["end"]]
            date, source = (inside[0]["value"], "sentence") if inside else (
                (published, "document") if published else (None, None))
            self.change_rows.append({"record_id": c["record_id"], "municipality": muni, "municipality_code": code,
                                     "date": date, "date_source": source, "type": c["type"],
                                     "object": c.get("object"), "from": c.get("from"), "to": c.get("to"),
                                     "status": c.get("status"), "evidence": c.get("evidence"),
                                     "doc_type": doc_type, "published": published, "doc_id": doc_id,
                                     "start": c["start"]})

    def tables(self) -> dict[str, list[dict]]:
        """Rows of each cross-document table, in a stable order."""
        actors = []
        for pid in sorted(self.persons):
            a = self.persons[pid]
            dates = sorted(d for d in a["dates"] if d)
            actors.append({"person_id": pid, "name": a["name"], "municipality": a["municipality"],
                           "municipality_code": a["municipality_code"], "roles": _join(a["roles"]),
                           "parties": _join(a["parties"]), "organisations": _join(a["organisations"]),
                           "first_seen": dates[0] if dates else None, "last_seen": dates[-1] if dates else None,
                           "documents": len(a["doc_ids"]), "doc_ids": _join(a["doc_ids"])})
        orgs = []
        for cid in sorted(self.orgs):
            o = self.orgs[cid]
            orgs.append({k: o[k] for k in ("canonical_id", "canonical_name", "kind", "municipality",
                                           "municipality_code", "county")}
                        | {"variants": _join(o["variants"]), "documents": len(o["doc_ids"]),
                           "doc_ids": _join(o["doc_ids"])})

        def key(r, *fields):
            return tuple("" if r[f] is None else str(r[f]) for f in fields)

        amounts = sorted(self.amount_rows, key=lambda r: key(r, "municipality_code", "recipient", "year", "doc_id")
                         + (r["start"],))
        changes = sorted(self.change_rows, key=lambda r: key(r, "municipality_code", "date", "doc_id") + (r["start"],))
        return {"actors": actors, "organisations_canonical": orgs, "amounts_by_recipient_year": amounts,
                "org_changes_timeline": changes}

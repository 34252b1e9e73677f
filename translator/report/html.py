"""``--format html``: one self-contained page (no network): summary, a chart of the categories, the
TODO APIs, per-file numbers and a sortable, filterable table of findings.

Every number is also in a ``data-stat`` attribute, so tests (and scripts) read them off the page."""

from __future__ import annotations

import html
import json

from translator.report.wording import LABELS, effort, gate, pct, scope

_CSS = """
body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#222}
table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:3px 8px;text-align:left}
th{background:#f3f3f3;cursor:pointer}td.n{text-align:right}.todo{color:#b00}.note{color:#a60}.error{color:#700}
#filter{width:30em;padding:4px}
"""

_JS = """
const table=document.getElementById('findings');
function applyFilter(){const q=document.getElementById('filter').value.toLowerCase();
 const cat=document.getElementById('category').value;
 for(const row of table.tBodies[0].rows){const text=row.textContent.toLowerCase();
  row.hidden=!(text.includes(q)&&(!cat||row.dataset.category===cat));}}
document.getElementById('filter').addEventListener('input',applyFilter);
document.getElementById('category').addEventListener('change',applyFilter);
function sortBy(i){const th=table.tHead.rows[0].cells[i];
 const rows=[...table.tBodies[0].rows];const asc=th.dataset.sort!=='asc';th.dataset.sort=asc?'asc':'desc';
 const key=r=>{const t=r.cells[i].textContent;const n=Number(t);return t!==''&&!isNaN(n)?n:t;};
 rows.sort((a,b)=>{const x=key(a),y=key(b);return (x<y?-1:x>y?1:0)*(asc?1:-1);});
 for(const r of rows)table.tBodies[0].appendChild(r);}
for(const [i,th] of [...table.tHead.rows[0].cells].entries())th.addEventListener('click',()=>sortBy(i));
// a link can carry a view: report.html#category=todo&filter=conv&sort=1 (sort: column index)
const view=new URLSearchParams(location.hash.slice(1));
if(view.has('filter'))document.getElementById('filter').value=view.get('filter');
if(view.has('category'))document.getElementById('category').value=view.get('category');
applyFilter();
if(view.has('sort'))sortBy(Number(view.get('sort')));
"""

_COLOURS = {"direct": "#3a7", "noted": "#e90", "todo": "#c33"}


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _stat(name: str, value: object) -> str:
    return f'<b data-stat="{name}">{_e(value)}</b>'


def _chart(s: dict) -> str:
    """A bar per category, sized by its uses (inline SVG: nothing to fetch)."""
    total = max(s["uses"], 1)
    bars = []
    for i, (key, label) in enumerate((("direct", "translated directly"), ("noted", "translated with a note"),
                                      ("todo", "left as TODO"))):
        width = round(400 * s[key] / total)
        y = 10 + i * 30
        bars.append(f'<rect x="200" y="{y}" width="{width}" height="20" fill="{_COLOURS[key]}">'
                    f'<title>{label}: {s[key]}</title></rect>'
                    f'<text x="0" y="{y + 15}">{label}</text>'
                    f'<text x="{205 + width}" y="{y + 15}" data-chart="{key}">{s[key]}</text>')
    return f'<svg id="chart" width="700" height="100" role="img" aria-label="uses by category">{"".join(bars)}</svg>'


def render(doc: dict) -> str:
    s = doc["summary"]
    parts = [f"<p>{_e(scope(doc))}</p>", "<table id='summary'><tr><th>category</th><th>uses</th><th>share</th></tr>"]
    for key, label in (("direct", "translated directly"), ("noted", "translated with a note to read"),
                       ("todo", "left as TODO")):
        parts.append(f"<tr><td>{label}</td><td class=n>{_stat(key, s[key])}</td>"
                     f"<td class=n>{_stat(key + '_percent', pct(s[key + '_percent']))}</td></tr>")
    parts.append(f"<tr><td>all torch API uses</td><td class=n>{_stat('uses', s['uses'])}</td>"
                 f"<td class=n>{_stat('automatic_percent', pct(s['automatic_percent']))} automatic</td></tr></table>")
    parts.append(f"<p>files {_stat('files', s['files'])}, failed {_stat('files_failed', s['files_failed'])}, "
                 f"lines {_stat('lines', s['lines'])}; effort {_stat('hours', doc['effort']['hours'])} hours</p>")
    parts.append(f"<p>{_e(effort(doc))}</p><p>{_e(gate(doc))}</p>")
    parts.append(_chart(s))
    if doc["todo_apis"]:
        parts.append("<h2>TODO APIs by uses</h2><table id='todo-apis'><tr><th>API</th><th>uses</th><th>files</th>"
                     "<th>suggested course</th></tr>")
        parts += [f"<tr><td><code>{_e(t['api'])}</code></td><td class=n>{t['uses']}</td>"
                  f"<td>{_e(', '.join(t['files']))}</td><td>{_e(t['suggestion'])}</td></tr>" for t in doc["todo_apis"]]
        parts.append("</table>")
    parts.append("<h2>Files</h2><table id='files'><tr><th>file</th><th>uses</th><th>direct</th><th>noted</th>"
                 "<th>TODO</th><th>status</th></tr>")
    parts += [f"<tr><td>{_e(f['path'])}</td><td class=n>{f['uses']}</td><td class=n>{f['direct']}</td>"
              f"<td class=n>{f['noted']}</td><td class=n>{f['todo']}</td><td>{f['status']}</td></tr>"
              for f in doc["files"]]
    parts.append("</table>")
    parts.append("<h2>Findings</h2><p><input id='filter' placeholder='filter: file, API, reason...'> "
                 "<select id='category'><option value=''>all categories</option><option value='todo'>TODO</option>"
                 "<option value='note'>note</option><option value='error'>error</option></select></p>")
    parts.append("<table id='findings'><thead><tr><th>file</th><th>line</th><th>col</th><th>cell</th><th>API</th>"
                 "<th>category</th><th>reason</th><th>status</th></tr></thead><tbody>")
    parts += [f"<tr data-category='{f['category']}'><td>{_e(f['path'])}</td><td class=n>{f['line']}</td>"
              f"<td class=n>{f['col']}</td><td class=n>{f.get('cell') or ''}</td><td><code>{_e(f['api'])}</code></td>"
              f"<td class='{f['category']}'>{LABELS[f['category']]}</td><td>{_e(f['reason'])}</td>"
              f"<td>{f['status']}</td></tr>" for f in doc["findings"]]
    parts.append("</tbody></table>")
    data = json.dumps(doc["summary"]).replace("</", "<\\/")
    return ("<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'><title>torch2ms migration report</title>"
            f"<style>{_CSS}</style></head><body><h1>torch2ms migration report</h1>{''.join(parts)}"
            f"<script type='application/json' id='summary-data'>{data}</script>"
            f"<script>{_JS}</script></body></html>\n")

"""The page's stylesheet: inline, no fonts or images from anywhere, scoped under ``.qv`` so a
document shown in a notebook does not restyle the notebook."""

from __future__ import annotations

from .palette import NO_SPEAKER, PALETTE, TEXT


def _colour_classes() -> str:
    rows = [f".qv .c{i}{{--fill:{f};--accent:{a}}}" for i, (f, a) in enumerate(PALETTE)]
    rows.append(f".qv .cx{{--fill:{NO_SPEAKER[0]};--accent:{NO_SPEAKER[1]}}}")
    return "\n".join(rows)


_BASE = """
.qv{font:16px/1.55 Georgia,'Times New Roman',serif;color:%(text)s;background:#fff;
  max-width:52rem;margin:0 auto;padding:1rem 1.25rem 4rem}
.qv h1,.qv h2,.qv h3,.qv table,.qv .meta,.qv .legend,.qv nav,.qv .card,.qv .chart{
  font-family:system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif}
.qv h1{font-size:1.6rem;margin:.5rem 0}
.qv h2{font-size:1.3rem;margin:2.5rem 0 .25rem;overflow-wrap:anywhere}
.qv h3{font-size:1.05rem;margin:1.5rem 0 .5rem}
.qv .meta{color:#444;font-size:.9rem;margin:.25rem 0 1rem}
.qv .error{background:#fff3f3;border-left:4px solid #a31f1f;padding:.5rem .75rem}
.qv a{color:#0b5f85}
.qv a:focus,.qv mark.q:focus{outline:3px solid #111;outline-offset:2px}
.qv .article{white-space:pre-wrap;overflow-wrap:anywhere;position:relative}
.qv .pg{display:block;height:.6em}
.qv .empty{color:#555;font-style:italic}
.qv .q{color:inherit;background:none;padding:0 1px;
  -webkit-box-decoration-break:clone;box-decoration-break:clone}
.qv .q.k-direct{background:var(--fill);box-shadow:inset 0 -2px 0 var(--accent)}
.qv .q.k-mixed{
  background:repeating-linear-gradient(135deg,var(--fill) 0 5px,transparent 5px 8px);
  text-decoration:underline dashed var(--accent);text-decoration-thickness:2px;
  text-underline-offset:4px}
.qv .q.k-indirect,.qv .q.k-other{text-decoration:underline dotted var(--accent);
  text-decoration-thickness:3px;text-underline-offset:4px}
.qv .q:not(.cont)::before{content:var(--badge);font:700 .62rem/1 system-ui,sans-serif;
  letter-spacing:.03em;text-transform:uppercase;color:#fff;background:var(--accent);
  border-radius:3px;padding:2px 3px;margin-right:3px;vertical-align:.2em}
.qv .k-direct{--badge:"direct"}
.qv .k-mixed{--badge:"mixed"}
.qv .k-indirect{--badge:"indirect"}
.qv .k-other{--badge:"quote"}
.qv mark.q[data-part]:not([data-part="0"])::before{content:"cont."}
.qv .spk{border:2px solid var(--accent);border-radius:4px;padding:0 2px;font-weight:700}
.qv .cue{font-style:italic;border-bottom:3px double #222}
.qv .card{display:none;position:absolute;left:0;z-index:5;margin-top:.3em;
  max-width:min(30rem,100%%);white-space:normal;font-size:.85rem;line-height:1.4;
  background:#fff;color:%(text)s;border:2px solid var(--accent);border-radius:6px;
  padding:.5rem .7rem;box-shadow:0 4px 14px rgba(0,0,0,.25)}
.qv .card>span{display:block}
.qv .card .who{font-weight:700}
.qv .card .said{font-family:Georgia,serif;font-style:italic;margin-top:.3rem}
.qv mark.q:hover+.card,.qv mark.q:focus+.card{display:block}
.qv table{border-collapse:collapse;font-size:.9rem;width:100%%}
.qv th,.qv td{border-bottom:1px solid #ddd;padding:.35rem .5rem;text-align:left;vertical-align:top}
.qv td,.qv tbody th{overflow-wrap:anywhere}
.qv td.n,.qv td.kind{overflow-wrap:normal}
.qv thead th{background:#f4f4f4}
.qv td.n,.qv th.n{text-align:right;font-variant-numeric:tabular-nums}
.qv .swatch{display:inline-block;width:.9em;height:.9em;border-radius:2px;vertical-align:-.1em;
  background:var(--fill);border:2px solid var(--accent);margin-right:.4em}
.qv .legend{font-size:.85rem;background:#fafafa;border:1px solid #e3e3e3;border-radius:6px;
  padding:.5rem .75rem;margin:1rem 0}
.qv .legend span.item{display:inline-block;margin:.15rem 1rem .15rem 0}
.qv .chart text{font-size:13px;fill:%(text)s}
.qv .chart .count{font-weight:700}
.qv .links a{margin-right:.35em}
.qv table.who{width:auto;min-width:24rem}
"""


CSS = (_BASE % {"text": TEXT}).strip() + "\n" + _colour_classes() + "\n"

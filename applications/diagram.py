"""Draw the workflows' transition tables: SVGs for the lifecycle page and Markdown for
LIFECYCLE.md.

Both are generated from the moves the engine runs (`applications.lifecycle.table.MOVES` and the
workflow of every other kind with a status), so they cannot drift from the code.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from django.utils.translation import gettext as _

from applications.lifecycle.rules import STAGE_ORDER, TERMINAL_STATUSES
from applications.lifecycle.table import APPLICATION, CORRECTIONS, MOVES
from applications.models import Stage, Status
from award_portal.workflow.engine import WORKFLOWS, Move, Workflow


def guard_names(move: Move) -> str:
    return "、".join(guard.__name__ for guard in move.guards)


@dataclass(frozen=True)
class Chart:
    """One kind's statuses and moves, as the diagram draws them."""

    kind: str
    title: str
    moves: tuple[Move, ...]
    labels: dict[str, str]  # every status, in the order of its choices
    start: str
    ends: frozenset[str]  # drawn red: the record's story ends there
    good: frozenset[str] = frozenset()  # drawn green

    @property
    def order(self) -> list[str]:
        return list(self.labels)


def _chart(workflow: Workflow) -> Chart:
    field = workflow.model._meta.get_field(workflow.field)
    labels = {value: str(label) for value, label in field.choices}
    moves = tuple(move for move in workflow.moves if move.target)
    leaving = {source for move in moves for source in move.sources}
    return Chart(
        kind=workflow.kind,
        title=str(workflow.label),
        moves=moves,
        labels=labels,
        start=field.default,
        ends=frozenset(labels) - leaving,
    )


def application_chart() -> Chart:
    return Chart(
        kind=APPLICATION.kind,
        title=_("申报状态流程图"),
        moves=MOVES,
        labels={status: str(Status(status).label) for status in Status.values},
        start=Status.DRAFT,
        ends=frozenset(TERMINAL_STATUSES),
        good=frozenset({Status.AWARDED}),
    )


def other_charts() -> list[Chart]:
    """Every other kind with a status (the edition's stages have a page of their own)."""
    return [
        _chart(workflow)
        for workflow in WORKFLOWS.values()
        if workflow is not APPLICATION and workflow.field == "status"
    ]


NODE_W, NODE_H, GAP_X, GAP_Y, MARGIN = 150, 36, 24, 34, 20


def _edges(chart: Chart) -> list[tuple[str, str, str]]:
    return [(source, move.target, move.name) for move in chart.moves for source in move.sources]


def _back_edges(chart: Chart) -> set[tuple[str, str]]:
    """Moves that go back up the process (returned → submitted …), by a depth-first walk."""
    successors: dict[str, list[str]] = {}
    for source, target, _name in _edges(chart):
        successors.setdefault(source, []).append(target)
    back, on_stack, seen = set(), set(), set()

    def walk(node: str) -> None:
        seen.add(node)
        on_stack.add(node)
        for nxt in successors.get(node, []):
            if nxt in on_stack:
                back.add((node, nxt))
            elif nxt not in seen:
                walk(nxt)
        on_stack.discard(node)

    walk(chart.start)
    return back


def ranks(chart: Chart) -> dict[str, int]:
    """Each status's row: one below the furthest status that leads forward into it."""
    back = _back_edges(chart)
    forward = [(s, t) for s, t, _name in _edges(chart) if (s, t) not in back]
    rank = dict.fromkeys(chart.order, 0)
    for _pass in range(len(rank)):
        changed = False
        for source, target in forward:
            if rank[target] < rank[source] + 1:
                rank[target] = rank[source] + 1
                changed = True
        if not changed:
            break
    return rank


def _positions(chart: Chart) -> tuple[dict[str, tuple[int, int]], int, int]:
    rank = ranks(chart)
    rows: dict[int, list[str]] = {}
    for status in chart.order:
        rows.setdefault(rank[status], []).append(status)
    widest = max(len(r) for r in rows.values())
    width = MARGIN * 2 + widest * NODE_W + (widest - 1) * GAP_X
    predecessors: dict[str, list[str]] = {}
    for source, target, _name in _edges(chart):
        if rank[source] < rank[target]:
            predecessors.setdefault(target, []).append(source)
    positions: dict[str, tuple[int, int]] = {}
    for row in sorted(rows):
        statuses = rows[row]
        # Place each status under the statuses it comes from, to keep arrows short and straight.
        statuses.sort(
            key=lambda st: (
                sum(positions[p][0] for p in predecessors.get(st, []) if p in positions)
                / max(1, len([p for p in predecessors.get(st, []) if p in positions]))
            )
        )
        row_width = len(statuses) * NODE_W + (len(statuses) - 1) * GAP_X
        x0 = (width - row_width) // 2
        for i, status in enumerate(statuses):
            positions[status] = (x0 + i * (NODE_W + GAP_X), MARGIN + row * (NODE_H + GAP_Y))
    height = MARGIN * 2 + (max(rows) + 1) * (NODE_H + GAP_Y) - GAP_Y
    return positions, width, height


def render_svg(chart: Chart | None = None) -> str:
    chart = chart or application_chart()
    positions, width, height = _positions(chart)
    labels = {m.name: str(m.label) for m in chart.moves}
    marker = f"arrow-{chart.kind}"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label="{escape(chart.title)}">',
        f'<defs><marker id="{marker}" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" '
        'markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" '
        'fill="#6c757d"/></marker></defs>',
    ]
    for source, target, name in _edges(chart):
        sx, sy = positions[source]
        tx, ty = positions[target]
        forward = ty > sy
        x1, y1 = sx + NODE_W / 2, sy + (NODE_H if forward else 0)
        x2, y2 = tx + NODE_W / 2, ty + (0 if forward else NODE_H)
        if source == target:  # a move that keeps the status (a further investigation)
            right, mid = sx + NODE_W, sy + NODE_H / 2
            loop = right + 40
            path = f"M{right},{mid - 8} C{loop},{mid - 30} {loop},{mid + 30} {right},{mid + 8}"
        elif forward and ty - sy > NODE_H + GAP_Y:  # skipping a row: around the row between
            mid = sy + NODE_H / 2
            if x2 < x1 and sx - 70 > 0:  # out of the source's left side
                side, out = sx, sx - 70
            else:  # out of its right side
                side, out = sx + NODE_W, sx + NODE_W + 70
            path = f"M{side},{mid} C{out},{mid} {out},{ty - 20} {x2},{y2}"
        elif forward:
            path = f"M{x1},{y1} L{x2},{y2}"
        else:  # a move back up the process (or along its row) bends out to the side
            bend = max(x1, x2) + NODE_W * 0.75
            path = (
                f"M{x1 + NODE_W / 2},{y1 + NODE_H / 2} Q{bend},{(y1 + y2) / 2} "
                f"{x2 + NODE_W / 2},{y2 - NODE_H / 2}"
            )
        parts.append(
            f'<path d="{path}" fill="none" stroke="#6c757d" stroke-width="1.4" '
            f'marker-end="url(#{marker})"><title>{escape(labels[name])}</title></path>'
        )
    for status in chart.order:
        x, y = positions[status]
        if status in chart.good:
            fill, stroke = "#d1e7dd", "#146c43"
        elif status in chart.ends:
            fill, stroke = "#f8d7da", "#a4161a"
        else:
            fill, stroke = "#ffffff", "#495057"
        parts.append(
            f'<g><rect x="{x}" y="{y}" width="{NODE_W}" height="{NODE_H}" rx="8" '
            f'fill="{fill}" stroke="{stroke}"/><text x="{x + NODE_W / 2}" y="{y + NODE_H / 2 + 5}" '
            f'text-anchor="middle" font-size="14">{escape(chart.labels[status])}</text></g>'
        )
    parts.append("</svg>")
    return "\n".join(parts)


def chart_moves(chart: Chart) -> list[dict]:
    return [
        {
            "label": str(move.label),
            "sources": "、".join(chart.labels[s] for s in move.sources),
            "target": chart.labels[move.target],
            "roles": move.roles_label or (_("系统") if move.system else "—"),
        }
        for move in chart.moves
    ]


def other_kinds() -> list[dict]:
    """The lifecycle page's section for every other kind: its diagram and its moves."""
    return [
        {"title": chart.title, "svg": render_svg(chart), "moves": chart_moves(chart)}
        for chart in other_charts()
    ]


def move_rows() -> list[dict]:
    return [
        {
            "name": move.name,
            "label": str(move.label),
            "sources": "、".join(str(Status(s).label) for s in move.sources),
            "target": Status(move.target).label,
            "roles": move.roles_label,
            "stages": "、".join(str(Stage(s).label) for s in move.stages) or "—",
            "guards": guard_names(move) or "—",
            "reason_required": move.reason_required,
            "reason_name": str(move.reason_name),
            "fields": "、".join(str(f.label) for f in move.fields) or "—",
            "effects": "、".join(effect.__name__ for effect in move.effects) or "—",
        }
        for move in MOVES
    ]


def markdown() -> str:
    """The text of applications/LIFECYCLE.md (regenerate with `manage.py lifecycle_docs`)."""
    lines = [
        "# 申报状态流程 (generated from applications/lifecycle/table.py — do not edit by hand)",
        "",
        "```mermaid",
        "stateDiagram-v2",
    ]
    for source, target, name in _edges(application_chart()):
        lines.append(f"    {source} --> {target}: {name}")
    lines += [
        "```",
        "",
        "| 操作 | 代码 | 从 | 到 | 角色 | 届次阶段 | 前提条件 | 须填理由 | 须填信息 | 随操作记录 |",
    ]
    lines.append("|---|---|---|---|---|---|---|---|---|---|")
    for row in move_rows():
        reason = "是" if row["reason_required"] else "否"
        if row["reason_name"]:
            reason += f"（{row['reason_name']}）"
        lines.append(
            f"| {row['label']} | `{row['name']}` | {row['sources']} | {row['target']} | "
            f"{row['roles']} | {row['stages']} | {row['guards']} | {reason} | "
            f"{row['fields']} | {row['effects']} |"
        )
    lines += [
        "",
        "## 系统管理员更正",
        "",
        "误操作（按错了按钮、记在了别的申报上）由系统管理员在后台申报页的“更正状态”中更正："
        "撤销这份申报最近的一次操作，回到它之前的状态，须填写理由。只能更正最近的一次操作，"
        "且本届评选须仍处于该操作所在的阶段；更正不能再被更正，须由原操作人重新办理。"
        "更正与其他操作经由同一个状态变更服务，记入状态变更记录。",
        "",
        "| 更正 | 代码 | 从 | 到 | 角色 | 前提条件 | 须填理由 |",
        "|---|---|---|---|---|---|---|",
    ]
    for move in CORRECTIONS:
        lines.append(
            f"| {move.label} | `{move.name}` | {Status(move.sources[0]).label} | "
            f"{Status(move.target).label} | {move.roles_label} | {guard_names(move)} | "
            f"{'是' if move.reason_required else '否'} |"
        )
    lines += ["", "## 届次阶段", ""]
    lines += [f"{i + 1}. {Stage(s).label} (`{s}`)" for i, s in enumerate(STAGE_ORDER)]
    for chart in other_charts():
        lines += ["", f"## {chart.title}", "", "```mermaid", "stateDiagram-v2"]
        lines += [f"    {source} --> {target}: {name}" for source, target, name in _edges(chart)]
        lines += ["```", "", "| 操作 | 从 | 到 | 角色 |", "|---|---|---|---|"]
        lines += [
            f"| {m['label']} | {m['sources']} | {m['target']} | {m['roles']} |"
            for m in chart_moves(chart)
        ]
    return "\n".join(lines) + "\n"

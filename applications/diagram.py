"""Draw the transition table: an SVG for the lifecycle page and Markdown for LIFECYCLE.md.

Both are generated from `applications.lifecycle.table.MOVES`, so they cannot drift from the code.
"""

from __future__ import annotations

from html import escape

from django.utils.translation import gettext as _

from applications.lifecycle.rules import STAGE_ORDER, TERMINAL_STATUSES
from applications.lifecycle.table import CORRECTIONS, MOVES
from applications.models import Stage, Status
from award_portal.workflow.engine import Move

ORDER = list(Status.values)


def guard_names(move: Move) -> str:
    return "、".join(guard.__name__ for guard in move.guards)


NODE_W, NODE_H, GAP_X, GAP_Y, MARGIN = 150, 36, 24, 34, 20


def _edges() -> list[tuple[str, str, str]]:
    return [(source, move.target, move.name) for move in MOVES for source in move.sources]


def _back_edges() -> set[tuple[str, str]]:
    """Moves that go back up the process (returned → submitted …), by a depth-first walk."""
    successors: dict[str, list[str]] = {}
    for source, target, _name in _edges():
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

    walk(Status.DRAFT)
    return back


def ranks() -> dict[str, int]:
    """Each status's row: one below the furthest status that leads forward into it."""
    back = _back_edges()
    forward = [(s, t) for s, t, _name in _edges() if (s, t) not in back]
    rank = dict.fromkeys(ORDER, 0)
    for _pass in range(len(ORDER)):
        changed = False
        for source, target in forward:
            if rank[target] < rank[source] + 1:
                rank[target] = rank[source] + 1
                changed = True
        if not changed:
            break
    return rank


def _positions() -> tuple[dict[str, tuple[int, int]], int, int]:
    rank = ranks()
    rows: dict[int, list[str]] = {}
    for status in ORDER:
        rows.setdefault(rank[status], []).append(status)
    widest = max(len(r) for r in rows.values())
    width = MARGIN * 2 + widest * NODE_W + (widest - 1) * GAP_X
    predecessors: dict[str, list[str]] = {}
    for source, target, _name in _edges():
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


def render_svg() -> str:
    positions, width, height = _positions()
    labels = {m.name: str(m.label) for m in MOVES}
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label="{escape(_("申报状态流程图"))}">',
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" '
        'markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" '
        'fill="#6c757d"/></marker></defs>',
    ]
    for source, target, name in _edges():
        sx, sy = positions[source]
        tx, ty = positions[target]
        forward = ty > sy
        x1, y1 = sx + NODE_W / 2, sy + (NODE_H if forward else 0)
        x2, y2 = tx + NODE_W / 2, ty + (0 if forward else NODE_H)
        if forward:
            path = f"M{x1},{y1} L{x2},{y2}"
        else:  # a move back up the process bends out to the side
            bend = max(x1, x2) + NODE_W * 0.75
            path = (
                f"M{x1 + NODE_W / 2},{y1 + NODE_H / 2} Q{bend},{(y1 + y2) / 2} "
                f"{x2 + NODE_W / 2},{y2 - NODE_H / 2}"
            )
        parts.append(
            f'<path d="{path}" fill="none" stroke="#6c757d" stroke-width="1.4" '
            f'marker-end="url(#arrow)"><title>{escape(labels[name])}</title></path>'
        )
    for status in ORDER:
        x, y = positions[status]
        if status in TERMINAL_STATUSES:
            fill, stroke = "#f8d7da", "#a4161a"
        elif status == Status.AWARDED:
            fill, stroke = "#d1e7dd", "#146c43"
        else:
            fill, stroke = "#ffffff", "#495057"
        parts.append(
            f'<g><rect x="{x}" y="{y}" width="{NODE_W}" height="{NODE_H}" rx="8" '
            f'fill="{fill}" stroke="{stroke}"/><text x="{x + NODE_W / 2}" y="{y + NODE_H / 2 + 5}" '
            f'text-anchor="middle" font-size="14">{escape(str(Status(status).label))}</text></g>'
        )
    parts.append("</svg>")
    return "\n".join(parts)


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
    for source, target, name in _edges():
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
    return "\n".join(lines) + "\n"

"""The navigation tree: briefing > sections, agreements on a timeline > clauses, and the rest."""

from __future__ import annotations

from collections.abc import Callable

from briefing.content import Briefing, Library, Problem, make_key
from briefing.content.labels import ABSENT, GROUP_LABELS, NOT_MENTIONED
from briefing.content.model import Agreement, Clause, Topic, Unit
from briefing.content.render import unit_heading
from briefing.content.text import one_line
from briefing.tui.roles import component_classes, role, roles_css
from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

BOOKMARK_MARK = "★ "
#: Groups larger than this stay closed and unfilled until the user opens them.
LARGE_GROUP = 300
#: The tree's groups, by the Briefing attribute listing their units; words from the catalogue.
GROUP_ICONS = {
    "sections": GROUP_LABELS["sections"],
    "agreements": GROUP_LABELS["agreements"],
    "implications": GROUP_LABELS["implication"],
    "topics": GROUP_LABELS["topic"],
    "terms": GROUP_LABELS["term"],
    "notes": GROUP_LABELS["note"],
}


def clause_label(briefing: Briefing, clause: Clause) -> Text:
    topic = briefing.get(clause.topic)
    name = topic.label_ko if isinstance(topic, Topic) else clause.topic
    if clause.addressed:
        return Text.assemble(("● ", "green"), one_line(name))
    if clause.state == "not-mentioned":
        return Text.assemble(("? ", "yellow"), one_line(name), (f" ({NOT_MENTIONED})", "dim"))
    return Text.assemble(("○ ", "red"), one_line(name), (f" ({ABSENT})", "dim"))


def unit_label(briefing: Briefing, unit: Unit) -> Text:
    if isinstance(unit, Agreement):
        return Text.assemble((f"{unit.date} ", "dim"), one_line(unit.short_name))
    if isinstance(unit, Clause):
        return clause_label(briefing, unit)
    return Text(one_line(unit_heading(briefing, unit)))


class NavTree(Tree[str | None]):
    """Tree nodes carry unit keys; group nodes carry None."""

    #: The roles the tree draws (its labels' marks).
    ROLES = ("bookmark",)
    COMPONENT_CLASSES = Tree.COMPONENT_CLASSES | component_classes(ROLES)
    DEFAULT_CSS = roles_css("NavTree", ROLES)

    BINDINGS = [
        Binding("down,j", "cursor_down", "Down", show=False, id="nav.down"),
        Binding("up,k", "cursor_up", "Up", show=False, id="nav.up"),
        Binding("l,right", "expand_node", "Expand", show=False, id="nav.expand"),
        Binding("h,left", "collapse_node", "Collapse", show=False, id="nav.collapse"),
        # As `f` finds within the reader's unit, it narrows the tree when the tree has focus.
        Binding("f,ctrl+f", "filter", "Filter", id="nav.filter", show=False, tooltip="Narrow the tree"),
    ]

    def __init__(self, **kwargs) -> None:
        super().__init__(Text("briefings"), **kwargs)
        self.show_root = False
        self.guide_depth = 2
        self._unit_nodes: dict[str, TreeNode[str | None]] = {}
        self._pending: dict[
            int, tuple[TreeNode[str | None], Callable[[TreeNode[str | None]], object], int]
        ] = {}
        self._bookmarked: set[str] = set()
        #: Each briefing's own node (its data is None, like a group's): selecting it shows the
        #: briefing's page.
        self._briefing_nodes: dict[int, Briefing] = {}
        self._library: Library | None = None
        #: The text the tree is narrowed to ("" shows everything), and whether keys type into it.
        self.filter_text = ""
        self.filtering = False

    def render_label(self, node: TreeNode[str | None], base_style: Style, style: Style) -> Text:
        """The label, cut with … to the room left beside its guides: the terminal would
        otherwise cut it mid-word, or through a double-width (Korean) character."""
        label = super().render_label(node, base_style, style)
        depth, parent = 0, node.parent
        while parent is not None:
            depth, parent = depth + 1, parent.parent
        room = self.scrollable_content_region.width - max(0, depth - 1) * self.guide_depth
        if room <= 1 or label.cell_len <= room:
            return label
        # Whole characters only, up to room for the "…" (a wide one that would not fit
        # leaves a cell blank rather than half a glyph).
        used = end = 0
        for end, char in enumerate(label.plain):  # noqa: B007 - end is used after the loop
            used += cell_len(char)
            if used > room - 1:
                break
        cut = label[:end]
        cut.rstrip()
        cut.append("…", style=base_style)
        return cut

    class CursorMoved(Message):
        """The user moved the cursor (a key, the filter), unlike the app revealing a unit it
        opened: what preview on move follows."""

        def __init__(self, node: TreeNode[str | None]) -> None:
            super().__init__()
            self.node = node

    def _user_move(self, move: Callable[[], object]) -> None:
        before = self.cursor_node
        move()
        node = self.cursor_node
        if node is not None and node is not before:
            self.post_message(self.CursorMoved(node))

    # The tree's own cursor keys, each saying that the user moved the cursor.
    def action_cursor_down(self) -> None:
        self._user_move(super().action_cursor_down)

    def action_cursor_up(self) -> None:
        self._user_move(super().action_cursor_up)

    def action_page_down(self) -> None:
        self._user_move(super().action_page_down)

    def action_page_up(self) -> None:
        self._user_move(super().action_page_up)

    def action_cursor_parent(self) -> None:
        self._user_move(super().action_cursor_parent)

    def action_cursor_parent_next_sibling(self) -> None:
        self._user_move(super().action_cursor_parent_next_sibling)

    def action_cursor_previous_sibling(self) -> None:
        self._user_move(super().action_cursor_previous_sibling)

    def action_cursor_next_sibling(self) -> None:
        self._user_move(super().action_cursor_next_sibling)

    def action_expand_node(self) -> None:
        self._user_move(self._expand_node)

    def action_collapse_node(self) -> None:
        self._user_move(self._collapse_node)

    def _expand_node(self) -> None:
        """Open the node under the cursor; on an open node, step to its first child."""
        node = self.cursor_node
        if node is None or not node.allow_expand:
            return
        if node.is_expanded:
            if node.children:
                self.move_cursor(node.children[0])
        else:
            node.expand()

    def _collapse_node(self) -> None:
        """Close the node under the cursor; on a leaf or a closed node, go to its parent."""
        node = self.cursor_node
        if node is None:
            return
        if node.allow_expand and node.is_expanded:
            node.collapse()
        elif node.parent is not None and node.parent is not self.root:
            self.move_cursor(node.parent)

    def populate(self, library: Library) -> None:
        self._library = library
        self.clear()
        self._unit_nodes.clear()
        self._pending.clear()
        self._briefing_nodes.clear()
        if self.filter_text or self.filtering:
            self._add_filtered(library)
            return
        for briefing in library:
            self._add_briefing(briefing)
        if library.problems:
            self._add_problems(library.problems)

    # ------------------------------------------------------------------ filter (f)

    def action_filter(self) -> None:
        self.filtering = True
        self._refilter()

    def on_key(self, event: events.Key) -> None:
        """While filtering, keys type into the filter: escape clears it, enter keeps it."""
        if not self.filtering:
            if event.key == "escape" and self.filter_text:
                event.stop()
                event.prevent_default()
                self.filter_text = ""
                self._refilter()
            return
        if event.key == "escape":
            self.filtering, self.filter_text = False, ""
        elif event.key == "enter":
            self.filtering = False
        elif event.key == "backspace":
            self.filter_text = self.filter_text[:-1]
        elif event.character and event.character.isprintable() and event.key not in {"up", "down"}:
            self.filter_text += event.character
        else:
            return  # arrows still move through what is left
        event.stop()
        event.prevent_default()
        self._refilter()

    def _refilter(self) -> None:
        if self._library is None:
            return
        # Cleared: back to the unit the cursor was on; narrowing: to the first match.
        was = self.cursor_node.data if self.cursor_node is not None else None
        self.populate(self._library)
        self.mark_bookmarks(set(self._bookmarked), self._library)
        if not self.filter_text and was and was != "problems:" and self.node_for(was) is not None:
            self.reveal(was)
        else:
            self.call_after_refresh(self._first_match)

    def _first_match(self) -> None:
        first = next(iter(self._unit_nodes.values()), None)
        if first is not None:
            self.move_cursor(first)
            # Typing narrowed the tree under the cursor: the user moved it, though its line
            # may be the same (a refilled tree says nothing of that).
            self.post_message(self.CursorMoved(first))

    def _add_filtered(self, library: Library) -> None:
        wanted = "".join(self.filter_text.lower().split())
        typing = " ▏" if self.filtering else ""
        hint = "esc clears" if self.filtering else "f edits · esc clears"
        header = Text.assemble(
            ("⌕ ", "bold"),
            (self.filter_text + typing, "bold reverse" if self.filtering else "bold"),
            (f"  {hint}", "dim"),
        )
        self.root.add_leaf(header, data=None)

        def hit(briefing: Briefing, unit: Unit) -> bool:
            return wanted in "".join(unit_label(briefing, unit).plain.lower().split())

        found = 0
        for briefing in library:
            groups: list[tuple[str, list[Unit]]] = []
            for name in ("sections", "implications", "topics", "terms", "notes"):
                groups.append((name, [u for u in getattr(briefing, name) if hit(briefing, u)]))
            agreements = [
                (a, [c for c in briefing.clauses_of(a.id) if hit(briefing, c)])
                for a in briefing.agreements_by_date()
            ]
            agreements = [(a, cs) for a, cs in agreements if cs or hit(briefing, a)]
            if not agreements and not any(units for _name, units in groups):
                continue
            root = self.root.add(Text(one_line(briefing.title), style="bold"), data=None, expand=True)
            for name, units in groups[:1]:
                if units:
                    group = root.add(Text(GROUP_ICONS[name]), expand=True)
                    for unit in units[:LARGE_GROUP]:
                        self._add_leaf(group, briefing, unit)
                        found += 1
            if agreements:
                group = root.add(Text(GROUP_ICONS["agreements"]), expand=True)
                for agreement, clauses in agreements[:LARGE_GROUP]:
                    key = make_key(briefing.id, agreement.id)
                    node = group.add(
                        self._decorate(key, unit_label(briefing, agreement)), data=key, expand=True
                    )
                    self._unit_nodes[key] = node
                    node.allow_expand = bool(clauses)
                    found += 1
                    for clause in clauses:
                        self._add_leaf(node, briefing, clause)
                        found += 1
            for name, units in groups[1:]:
                if units:
                    group = root.add(Text(f"{GROUP_ICONS[name]} ({len(units)})"), expand=True)
                    for unit in units[:LARGE_GROUP]:
                        self._add_leaf(group, briefing, unit)
                        found += 1
        if not found:
            self.root.add_leaf(Text("일치 없음 · nothing matches", style="dim"), data=None)

    def _add_leaf(self, parent: TreeNode[str | None], briefing: Briefing, unit: Unit) -> None:
        key = make_key(briefing.id, unit.id)
        node = parent.add_leaf(self._decorate(key, unit_label(briefing, unit)), data=key)
        self._unit_nodes[key] = node

    def _add_briefing(self, briefing: Briefing) -> None:
        root = self.root.add(Text(one_line(briefing.title), style="bold"), data=None, expand=True)
        self._briefing_nodes[root.id] = briefing
        # Only the groups open at start are filled now; the rest fill when first expanded,
        # which keeps a large library's first paint as fast as a small one's.
        if briefing.sections:
            sections = briefing.sections
            if len(sections) <= LARGE_GROUP:
                group = root.add(Text(GROUP_ICONS["sections"]), expand=True)
                for section in sections:
                    self._add_leaf(group, briefing, section)
            else:
                group = root.add(Text(f"{GROUP_ICONS['sections']} ({len(sections)})"))
                self._defer(
                    group, lambda g: [self._add_leaf(g, briefing, s) for s in sections], len(sections)
                )
        if briefing.agreements:
            group = root.add(Text(GROUP_ICONS["agreements"]), expand=True)
            self._add_agreements(group, briefing)
        for name in ("implications", "topics", "terms", "notes"):
            units = getattr(briefing, name)
            if units:
                group = root.add(Text(f"{GROUP_ICONS[name]} ({len(units)})"))
                self._defer(
                    group, lambda g, units=units: [self._add_leaf(g, briefing, u) for u in units], len(units)
                )

    def _add_agreements(self, group: TreeNode[str | None], briefing: Briefing) -> None:
        for agreement in briefing.agreements_by_date():
            key = make_key(briefing.id, agreement.id)
            node = group.add(self._decorate(key, unit_label(briefing, agreement)), data=key)
            self._unit_nodes[key] = node
            self._defer(
                node,
                lambda n, a=agreement: [self._add_leaf(n, briefing, c) for c in briefing.clauses_of(a.id)],
            )

    def _defer(
        self, node: TreeNode[str | None], fill: Callable[[TreeNode[str | None]], object], size: int = 0
    ) -> None:
        self._pending[node.id] = (node, fill, size)
        node.allow_expand = True

    def _fill_pending(self, node: TreeNode[str | None]) -> None:
        entry = self._pending.pop(node.id, None)
        if entry is not None:
            entry[1](node)

    def _fill_small_pending(self) -> None:
        """Fill every deferred group but the large ones, which only the user opens: a
        hundred thousand tree nodes would freeze the app for a reveal."""
        for node_id, (node, fill, size) in list(self._pending.items()):
            if size <= LARGE_GROUP:
                del self._pending[node_id]
                fill(node)

    def on_tree_node_expanded(self, event: Tree.NodeExpanded[str | None]) -> None:
        self._fill_pending(event.node)

    def _add_problems(self, problems: list[Problem]) -> None:
        errors = [p for p in problems if p.is_error]
        if not errors:
            return
        files = {p.file for p in errors}
        group = self.root.add(
            Text(f"⚠ 건너뛴 파일 · skipped files ({len(files)})", style="bold red"), data="problems:"
        )
        for problem in errors:
            group.add_leaf(Text(one_line(str(problem))), data="problems:")

    def _decorate(self, key: str, label: Text) -> Text:
        if key in self._bookmarked:
            return Text.assemble((BOOKMARK_MARK, role(self, "bookmark")), label)
        return label

    def briefing_at(self, node: TreeNode[str | None]) -> Briefing | None:
        """The briefing whose own node ``node`` is, or None for any other node."""
        return self._briefing_nodes.get(node.id)

    def node_for(self, key: str) -> TreeNode[str | None] | None:
        if key not in self._unit_nodes:
            self._fill_small_pending()
        return self._unit_nodes.get(key)

    def reveal(self, key: str) -> None:
        """Move the cursor to the unit's node, expanding its parents."""
        node = self.node_for(key)
        if node is None:
            return
        parent = node.parent
        while parent is not None:
            parent.expand()
            parent = parent.parent
        self.call_after_refresh(self.move_cursor, node)

    def mark_bookmarks(self, keys: set[str], library: Library) -> None:
        changed = keys ^ self._bookmarked
        self._bookmarked = set(keys)
        for key in changed:
            node = self._unit_nodes.get(key)
            found = library.get(key)
            if node is not None and found is not None:
                briefing, unit = found
                node.set_label(self._decorate(key, unit_label(briefing, unit)))

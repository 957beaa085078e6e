"""Assembling a thread: one query for the comments, a tree built in Python, and a flat
list (depth-first, with depths) that comments.rendering turns into HTML in one loop."""

from dataclasses import dataclass, field

from django.core.paginator import Paginator

from .conf import conf
from .sorting import order_roots

# The query parameters of an article page that the thread reads: its page of threads, and
# the comment a reader is replying to (WordPress's names, so old links keep working).
PAGE_PARAMETER = "cpage"
REPLY_PARAMETER = "replytocom"


@dataclass
class Node:
    comment: object
    children: list = field(default_factory=list)
    depth: int = 1
    # How to nest the HTML lists: does this node open a list of replies, and how many
    # levels of lists close after it.
    opens_children: bool = False
    closes: range = range(0)
    # The reply pinned as its thread's answer, shown first among the thread's replies;
    # moved up from deeper in the thread, the comment it answered (else None).
    is_answer: bool = False
    answered: object = None


def build_thread(comments, *, max_depth=None, newest_first=None, answers=None, sort=None):
    """Nest `comments` (in time order) and return them as a flat, display-ordered list.

    A reply whose parent is not among `comments` (held, removed, hidden) starts a thread
    of its own, as WordPress shows such orphans. Replies deeper than max_depth attach at
    the last level, in time order, as WordPress does. Threads read oldest first (or newest
    first, by setting), or as `sort` orders them (comments.sorting: oldest, newest, most
    helpful); replies always read oldest first, except a thread's pinned answer
    (`answers`: {first comment's id: answer's id}), which comes first, with its replies."""
    max_depth = max(2, max_depth or conf.MAX_DEPTH)
    newest_first = conf.NEWEST_FIRST if newest_first is None else newest_first
    nodes = {comment.pk: Node(comment) for comment in comments}
    roots = []
    for node in nodes.values():
        parent = nodes.get(node.comment.parent_id)
        if parent is None:
            roots.append(node)
        else:
            parent.children.append(node)
    if sort is not None:
        roots = order_roots(roots, sort)
    elif newest_first:
        roots.reverse()
    for root_id, answer_id in (answers or {}).items():
        _lift_answer(nodes, root_id, answer_id)

    flat = []

    def descendants(node):
        for child in node.children:
            yield child
            yield from descendants(child)

    def visit(node, depth):
        node.depth = depth
        flat.append(node)
        if depth < max_depth - 1:
            shown = node.children
        elif depth == max_depth - 1:
            shown = sorted(
                descendants(node),
                key=lambda n: (not n.is_answer, n.comment.created_at, n.comment.pk),
            )
            for kid in shown:
                kid.children = []
        else:
            shown = []
        node.opens_children = bool(shown)
        for kid in shown:
            visit(kid, depth + 1)

    for root in roots:
        visit(root, 1)
    for index, node in enumerate(flat):
        next_depth = flat[index + 1].depth if index + 1 < len(flat) else 1
        node.closes = range(max(0, node.depth - next_depth))
    return flat


def _lift_answer(nodes, root_id, answer_id):
    """Make the answer the first reply of its thread's first comment. Nothing happens
    unless both are shown, the root starts the thread and the answer is in its thread."""
    root, answer = nodes.get(root_id), nodes.get(answer_id)
    if root is None or answer is None or root.comment.parent_id is not None:
        return
    parent = nodes.get(answer.comment.parent_id)
    ancestor = parent
    while ancestor is not None and ancestor is not root:
        ancestor = nodes.get(ancestor.comment.parent_id)
    if ancestor is None:
        return
    parent.children.remove(answer)
    root.children.insert(0, answer)
    answer.is_answer = True
    answer.answered = None if parent is root else parent.comment


def split_threads(flat):
    """The flat list cut into top-level threads (each a root and everything under it)."""
    threads = []
    for node in flat:
        if node.depth == 1:
            threads.append([])
        threads[-1].append(node)
    return threads


def page_of_threads(flat, *, per_page, number):
    """One page of whole threads, WordPress style: (nodes on the page, the Page object or
    None when the thread is short enough for one page). A bad page number gives the
    first or last page."""
    threads = split_threads(flat)
    if not per_page or len(threads) <= per_page:
        return flat, None
    page = Paginator(threads, per_page).get_page(number)
    return [node for thread in page.object_list for node in thread], page


def page_number_for(root_ids, root_id, *, per_page):
    """Which page (1-based) shows the thread that starts with root_id."""
    if not per_page or root_id not in root_ids:
        return 1
    return root_ids.index(root_id) // per_page + 1

/** The paths of a projection as a tree: `true` stands for the whole value at that path. */
export type PathTree = Map<string, PathTree | true>;

/**
 * Adds a dotted path (split in `parts`) to the tree. False on a path collision, the same path twice
 * or one path inside another: mingo reports those, so the caller leaves the stage to it.
 */
export function addPath(tree: PathTree, parts: string[]): boolean {
  let node = tree;
  for (let i = 0; i < parts.length; i++) {
    const at = node.get(parts[i]);
    if (i === parts.length - 1) {
      if (at !== undefined) return false;
      node.set(parts[i], true);
    } else if (at === true) return false;
    else if (at) node = at;
    else {
      const next: PathTree = new Map();
      node.set(parts[i], next);
      node = next;
    }
  }
  return true;
}

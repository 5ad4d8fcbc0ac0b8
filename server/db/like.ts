/** A LIKE/ILIKE pattern matching `text` anywhere, with its wildcards taken literally. */
export const containing = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

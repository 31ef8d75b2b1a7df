/** Returns the message naming the missing shared/ folders, or null when both are there. */
export function missingSharedMessage(root: string): string | null;

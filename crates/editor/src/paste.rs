//! Paste: what the clipboard holds, reduced to what the document model can say.

/* Starts django-prose-editor's "configurable" preset for the article body, with one change:
   Tiptap would add its base styles as an inline <style> element, which the site's strict
   CSP blocks (style-src 'self'). The same rules come from editor_base.css instead. */
import { Editor } from "django-prose-editor/editor";

Editor.prototype.injectCSS = function () {};
await import("django-prose-editor/configurable");

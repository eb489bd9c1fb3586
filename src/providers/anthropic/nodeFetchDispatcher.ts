/**
 * Node's own fetch finds its dispatcher under a global symbol, which its undici fills the first time any of its web
 * classes is touched, and the npm undici fills as it loads if that has not happened yet: importing undici first
 * would hand the built-in fetch of the whole process (the SDK's default transport among them) to another undici
 * version. Imported before undici, this touches Headers so Node's own claims the slot first and keeps it.
 */
Reflect.get(globalThis, 'Headers');

export {};

// Types of allocator-tuning.mjs (plain JavaScript so that package.json scripts run it with node alone).
export declare const RENDERING_TUNABLES: string;
export declare function withAllocatorTuning(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv;

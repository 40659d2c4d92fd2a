import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

// Tauri serves ui/dist through its custom protocol; relative asset paths keep that working.
export default defineConfig({
  plugins: [react()],
  base: "./",
  clearScreen: false,
  server: { port: 1420, strictPort: true },
  build: { outDir: "dist", target: "es2021", chunkSizeWarningLimit: 4096 },
});

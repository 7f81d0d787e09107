package com.example.app;

import com.example.render.RenderThread;

public class App {

    public static void main(String[] args) {
        // RenderThread comes from the other module's jar: resolving it needs the module's classpath.
        RenderThread renderer = new RenderThread(() -> System.out.println("rendering"));
        renderer.run();
    }
}

package com.example.render;

public class RenderQueue {

    public void drain(Runnable task) {
        RenderThread thread = new RenderThread(task);
        thread.run();
    }
}

package com.example.legacy;

/** Kept single-threaded on purpose while the caller is rewritten. */
@SuppressWarnings("threadlint")
public class WholeClassSuppressed {

    public void refresh(Runnable task) {
        new Thread(task).run();
    }
}

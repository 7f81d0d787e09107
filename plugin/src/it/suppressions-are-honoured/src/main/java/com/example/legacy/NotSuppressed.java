package com.example.legacy;

public class NotSuppressed {

    // Suppresses something else: the finding stays.
    @SuppressWarnings({"unchecked", "threadlint:some-other-rule"})
    public void refresh(Runnable task) {
        Thread refresher = new Thread(task);
        refresher.run();
    }
}

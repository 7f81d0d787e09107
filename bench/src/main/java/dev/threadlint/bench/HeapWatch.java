package dev.threadlint.bench;

import com.sun.management.GarbageCollectionNotificationInfo;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * Heap figures for one phase, measured in the running JVM.
 *
 * <p>Why in-JVM and which figures: both sides run in one JVM so that they are timed under the same JIT and GC
 * conditions, which is what the ratio needs. The JVM's own peak ({@code peakUsed}: the heap pools' peak usage,
 * reset after a full GC at the start of the phase, then summed) counts garbage the collector has not yet reclaimed,
 * so it mostly tracks {@code -Xmx} and GC heuristics, not what the phase needs. The second figure
 * ({@code peakAfterGc}: the largest heap occupancy any collection during the phase left behind) is the memory the
 * phase actually holds on to, and is the one to size {@code -Xmx} by. It is still an upper bound, as a young
 * collection leaves old-generation garbage in place, and it reads zero when no collection ran. For a first round
 * free of the other side's JIT warm-up and caches, run.sh --separate-jvms runs each side in its own JVM.
 */
final class HeapWatch implements AutoCloseable {

    /** One phase's figures, in bytes. */
    record Peaks(long retainedAtStart, long peakUsed, long peakAfterGc, int collections) {
    }

    private final List<MemoryPoolMXBean> heapPools = new ArrayList<>();
    private final List<NotificationEmitter> emitters = new ArrayList<>();
    private final AtomicLong peakAfterGc = new AtomicLong();
    private final AtomicLong collections = new AtomicLong();
    private long retainedAtStart;
    private final NotificationListener listener = this::onCollection;

    HeapWatch() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.isValid()) {
                heapPools.add(pool);
            }
        }
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (collector instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener(listener, null, null);
                emitters.add(emitter);
            }
        }
    }

    /**
     * Collects the previous phases' garbage and starts counting afresh. What the full collection leaves is what
     * earlier phases still hold: it stays flat from round to round unless something leaks across analyses.
     */
    void startPhase() {
        System.gc();
        retainedAtStart = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        peakAfterGc.set(0);
        collections.set(0);
        heapPools.forEach(MemoryPoolMXBean::resetPeakUsage);
    }

    /**
     * The phase's peaks. Pools peak at different moments, so their summed peaks can exceed the heap's true
     * peak; each pool alone is exact.
     */
    Peaks endPhase() {
        long used = 0;
        for (MemoryPoolMXBean pool : heapPools) {
            used += pool.getPeakUsage().getUsed();
        }
        return new Peaks(retainedAtStart, used, peakAfterGc.get(), (int) collections.get());
    }

    private void onCollection(Notification notification, Object handback) {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
            return;
        }
        GarbageCollectionNotificationInfo info =
                GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
        // The System.gc() of startPhase is delivered late at times; it belongs to no phase.
        if (info.getGcCause().equals("System.gc()")) {
            return;
        }
        long after = 0;
        for (Map.Entry<String, MemoryUsage> pool : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
            if (isHeapPool(pool.getKey())) {
                after += pool.getValue().getUsed();
            }
        }
        collections.incrementAndGet();
        peakAfterGc.accumulateAndGet(after, Math::max);
    }

    private boolean isHeapPool(String name) {
        for (MemoryPoolMXBean pool : heapPools) {
            if (pool.getName().equals(name)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        for (NotificationEmitter emitter : emitters) {
            try {
                emitter.removeNotificationListener(listener);
            } catch (ListenerNotFoundException alreadyGone) {
                // Nothing to undo.
            }
        }
    }
}

package dev.cordon.runtime.internal.journal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the journal (PID {@value #PID}, file {@code etc/dev.cordon.journal.cfg}); changes apply live. */
@ObjectClassDefinition(name = "Cordon journal", description = "The durable record of what the runtime did.")
public @interface JournalConfiguration {

    /** The configuration PID. */
    String PID = "dev.cordon.journal";

    /** Whether records are kept; off, producers' records are discarded without being counted as dropped. */
    @AttributeDefinition(name = "Enabled", description = "Keep journal records.")
    boolean enabled() default true;

    /** How many records may wait for the writer; more are dropped and counted. */
    @AttributeDefinition(name = "Buffer", description = "Records that may wait to be written; more are dropped.")
    int buffer_capacity() default 65_536;
}

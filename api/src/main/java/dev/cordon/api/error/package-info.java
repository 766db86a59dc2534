/**
 * The typed error taxonomy: categories with default retry flags, the exception hierarchy plugins and the
 * host throw, the structured {@link dev.cordon.api.error.JobError} a failed job carries, and the classifier for plain
 * Java exceptions.
 */
@Export
@Version("1.2.0")
package dev.cordon.api.error;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

/** Output of the shell commands that adapts to where it goes: a terminal gets live updates, a file plain lines. */
package dev.cordon.runtime.internal.output;

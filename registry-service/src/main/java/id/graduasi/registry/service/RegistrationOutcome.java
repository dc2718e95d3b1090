package id.graduasi.registry.service;

import id.graduasi.rest.ProblemException;

/** What became of one household of a batch: registered, or refused with the problem a client would get. */
public record RegistrationOutcome(HouseholdSnapshot registered, ProblemException refused) {

    static RegistrationOutcome of(HouseholdSnapshot registered) {
        return new RegistrationOutcome(registered, null);
    }

    static RegistrationOutcome refusedWith(ProblemException refused) {
        return new RegistrationOutcome(null, refused);
    }
}

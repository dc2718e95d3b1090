package id.graduasi.registry.service;

import java.util.List;

import id.graduasi.registry.domain.Household;

/** A household to register with its members, as a client or an import file declares it. */
public record NewHousehold(Household household, List<MemberInput> members) {
}

using Microsoft.EntityFrameworkCore;
using TrainingService.Core.Data;

namespace TrainingService.Core.Identity;

/// <summary>
/// The request's API key when it was taken from <see cref="ApiKeyCache"/> rather than read (scoped, set by the Api's
/// key handler on the routes that allow it). Such a request has not yet seen the key's row, and answers nothing until
/// the key is checked: by its write, in the same statement (<see cref="UnconfirmedKeyId"/>), or by
/// <see cref="ConfirmAsync"/> before any other answer; so a revoked key is refused as if it had been read on arrival.
/// </summary>
public sealed class CallerKey(ApiKeyCache cache)
{
    /// <summary>The key a statement of this request must find still stored; null once confirmed, or when read on arrival.</summary>
    public Guid? UnconfirmedKeyId { get; private set; }

    public void TakenFromCache(Guid keyId) => UnconfirmedKeyId = keyId;

    /// <summary>Reads the key's row if it was not read yet; throws <see cref="ApiKeyRevokedException"/> when it is gone.</summary>
    public async Task ConfirmAsync(TrainingServiceDbContext db, CancellationToken ct)
    {
        if (UnconfirmedKeyId is not { } keyId)
            return;
        if (!await db.ApiKeys.IgnoreQueryFilters().AnyAsync(k => k.Id == keyId, ct))
        {
            cache.Remove(keyId);
            throw new ApiKeyRevokedException();
        }
        UnconfirmedKeyId = null;
    }
}

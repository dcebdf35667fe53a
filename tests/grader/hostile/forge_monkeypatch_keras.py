# expect: wrong_answer runtime_error
# Keras's serializer patched to describe a model that was never built.
import keras
from tensorflow.keras.layers import Dense, Input
from tensorflow.keras.models import Sequential

keras.saving.serialize_keras_object = lambda obj: {
    "status": "ok",
    "outputs": [[1, 4]],
    "layers": [{"class": "SimpleRNN", "units": 4}],
}
model = Sequential([Input((3, 2)), Dense(4)])

# expect: wrong_answer
# feedback: should be a SimpleRNN
from tensorflow.keras.layers import GRU, SimpleRNN
from tensorflow.keras.models import Sequential

model = Sequential(
    [SimpleRNN(4, input_shape=(3, 2), return_sequences=True), GRU(4, return_sequences=True), SimpleRNN(4)]
)
